"""My data: see, copy and delete what Connect holds about a member."""

from bot.services.mydata.service import ATTACHMENT_LIMIT, Copy, DataFile, MyDataService, Summary

__all__ = ["ATTACHMENT_LIMIT", "Copy", "DataFile", "MyDataService", "Summary"]
