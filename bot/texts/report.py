"""The impact report for trustees and funders."""

from __future__ import annotations

REPORT_COMMAND = "Leads: make a report of what the community did."
REPORT_ONLY_LEADS = "Only leads can make a report."
REPORT_PICK_PERIOD = "📊 Which time should the report show?"
REPORT_BUTTON_THIS_MONTH = "This month"
REPORT_BUTTON_LAST_MONTH = "Last month"
REPORT_BUTTON_LAST_3_MONTHS = "Last 3 months"
REPORT_BUTTON_THIS_YEAR = "This year"
REPORT_BUTTON_PICK_DATES = "Pick dates"
REPORT_MODAL_TITLE = "Pick dates for the report"
REPORT_INPUT_FIRST = "First day, like 1/6/2027"
REPORT_INPUT_LAST = "Last day, like 30/6/2027"
REPORT_DATE_NOT_UNDERSTOOD = "I did not understand that date. Please write it like 1/6/2027."
REPORT_DATES_BACKWARDS = "The last day is before the first day. Please try again."
REPORT_DATES_TOO_LONG = "That is more than 5 years. Please pick a shorter time."
REPORT_OLD_BUTTON = "This button is old. Please use /report again."
REPORT_TITLE = "📊 What we did together"
REPORT_PERIOD = "From {first} to {last}."
REPORT_NOTHING = "Nothing happened in this time."
REPORT_FILES = "The chart, the numbers and a page to print are below."
REPORT_BUTTON_AGAIN = "Another time"
REPORT_BUTTON_NAMES = "Names too"
REPORT_NAMES_ASK = (
    "👥 This file has the names of people who came.\n"
    "Please keep it safe. Only share it with people who need it.\n"
    "People who asked not to be named are not named."
)
REPORT_BUTTON_NAMES_YES = "Yes, make it"
REPORT_BUTTON_NAMES_NO = "No"
REPORT_NAMES_NOT_MADE = "OK. I did not make the file with names."
REPORT_NAMES_HERE = "👥 Here are the names. Please keep this file safe."
REPORT_NAMES_NOT_NAMED = "A member"
# Each count as (one, more than one).
REPORT_LINE_SESSIONS = ("1 session took place.", "{count} sessions took place.")
REPORT_LINE_PROJECTS = ("It was part of 1 project.", "They were part of {count} projects.")
REPORT_LINE_PEOPLE = ("1 person took part.", "{count} people took part.")
REPORT_LINE_NEW = ("1 person came for the first time.", "{count} people came for the first time.")
REPORT_LINE_ORGANISED = ("1 person organised a project.", "{count} people organised projects.")
REPORT_LINE_TICKED = ("Attendance was ticked for 1 session.", "Attendance was ticked for {count} sessions.")
REPORT_LINE_TASKS = ("1 task was done.", "{count} tasks were done.")
REPORT_LINE_HELPED = ("1 person did or helped with tasks.", "{count} people did or helped with tasks.")
REPORT_LINE_THANKS = ("1 thank you was said.", "{count} thank yous were said.")
REPORT_LINE_CHECKINS = ("1 check-in answer came in.", "{count} check-in answers came in.")
# Counts other features add to the report, and how each is said.
REPORT_LINES_FROM_FEATURES = {
    "tasks_done": REPORT_LINE_TASKS,
    "people_helped": REPORT_LINE_HELPED,
    "thanks_said": REPORT_LINE_THANKS,
    "checkins_answered": REPORT_LINE_CHECKINS,
}
REPORT_LADDER_LED = ("1 person led a project.", "{count} people led a project.")
REPORT_LADDER_ORGANISED = ("1 person helped to organise.", "{count} people helped to organise.")
REPORT_LADDER_HELPED = ("1 person helped with tasks.", "{count} people helped with tasks.")
REPORT_LADDER_TOOK_PART = ("1 person took part.", "{count} people took part.")
REPORT_CHART_TITLE = "What we did together. {period}"
REPORT_CHART_PEOPLE = "People taking part each week"
REPORT_CHART_SESSIONS = "Sessions each week"
REPORT_CHART_ALT = "Two bar charts: people taking part each week, and sessions each week."
REPORT_PAGE_NUMBERS = "The numbers"
REPORT_PAGE_CHART = "Each week"
REPORT_PAGE_LADDER = "How people took part"
REPORT_PAGE_WORDS = "What did you enjoy? Members' own words"
REPORT_PAGE_MADE = "Made by Connect on {when}."
