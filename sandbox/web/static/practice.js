// The practice page: who you are, which channel, live updates, and sending presses to the stand-in.
// Messages arrive as HTML made by the server (sandbox/web/render.py); this file only wires controls.
"use strict";

const state = { me: null, meLabel: null, view: null, viewChannel: null, dmChannel: null, channels: [], world: null };
const $ = (id) => document.getElementById(id);

function say(text) {
  $("status").textContent = text;
}

async function getJSON(url) {
  const reply = await fetch(url, { headers: { Accept: "application/json" } });
  if (!reply.ok) throw new Error(await reply.text());
  return reply.json();
}

async function post(url, body) {
  const reply = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
  if (!reply.ok) throw new Error(await reply.text());
  return reply.json();
}

function q(params) {
  return new URLSearchParams({ as: state.me, ...params }).toString();
}

// --- who you are, and the channel list ------------------------------------------------------------
async function loadWorld() {
  const people = (await getJSON("/api/world")).people;
  if (!people.some((p) => p.id === state.me)) {
    // First visit, or after "Start again" (new ids): stay the same person, by name.
    const same = people.find((p) => p.label === state.meLabel);
    state.me = (same || people[0]).id;
  }
  state.meLabel = people.find((p) => p.id === state.me).label;
  const world = await getJSON("/api/world?" + q({}));
  state.world = world;
  return render(world);
}

function render(world) {
  $("server-name").textContent = world.server;
  $("clock").textContent = world.clock;
  $("skip-tools").hidden = !world.can_skip;
  $("reset").hidden = !world.can_reset;
  state.dmChannel = world.dm_channel;
  state.channels = world.channels;
  const people = $("people");
  people.replaceChildren(
    ...world.people.map((p) => {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "btn btn-person";
      b.textContent = p.label;
      b.dataset.person = p.id;
      b.setAttribute("aria-pressed", String(p.id === state.me));
      return b;
    }),
  );
  const list = $("channel-list");
  list.replaceChildren(
    ...world.channels.map((c) => {
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.className = "channel";
      b.dataset.view = c.id;
      b.textContent = "# " + c.name;
      const badge = document.createElement("span");
      badge.className = "badge";
      badge.hidden = true;
      badge.textContent = "new";
      b.append(" ", badge);
      li.append(b);
      return li;
    }),
  );
  if (!state.view || (state.view !== "dm" && !world.channels.some((c) => c.id === state.view))) {
    const projects = world.channels.find((c) => c.name === "projects");
    state.view = (projects || world.channels[0] || { id: "dm" }).id;
  }
  markCurrent();
  return loadView();
}

function markCurrent() {
  document.querySelectorAll("[data-view]").forEach((b) => {
    const current = b.dataset.view === state.view;
    if (current) b.setAttribute("aria-current", "page");
    else b.removeAttribute("aria-current");
  });
}

async function loadView() {
  const view = await getJSON("/api/view?" + q({ channel: state.view }));
  if (state.view === "dm") state.dmChannel = view.channel;
  state.viewChannel = view.channel;
  $("view-title").textContent = view.title;
  $("view-topic").textContent = view.topic;
  $("clock").textContent = view.clock;
  keepFocus(() => {
    $("messages").innerHTML = view.messages_html;
    $("commands").innerHTML = view.commands_html;
  });
  const badge = document.querySelector(`[data-view="${state.view}"] .badge`);
  if (badge) badge.hidden = true;
  scrollToEnd();
}

function scrollToEnd() {
  const list = $("messages");
  if (list.lastElementChild) list.lastElementChild.scrollIntoView({ block: "nearest" });
}

// Replacing HTML loses keyboard focus; put it back on the same control when it is still there.
function keepFocus(change) {
  const active = document.activeElement;
  let key = null;
  if (active && active.closest("#messages")) {
    const item = active.closest(".msg");
    const control = active.closest("[data-custom-id]");
    key = item && control ? [item.id, control.dataset.customId, active.tagName] : null;
  }
  change();
  if (!key) return;
  const item = document.getElementById(key[0]);
  if (!item) return;
  const control = [...item.querySelectorAll("[data-custom-id]")].find((c) => c.dataset.customId === key[1]);
  if (!control) return;
  const target = control.tagName === key[2] ? control : control.querySelector(key[2].toLowerCase());
  (target || control).focus();
}

// --- live updates ----------------------------------------------------------------------------------
async function messageChanged(event) {
  if (event.for && event.for !== state.me) return;
  if (event.dm_of && event.dm_of !== state.me) return;
  if (event.dm_of && !state.dmChannel) state.dmChannel = event.channel;
  const here = event.channel === state.viewChannel;
  if (!here) {
    const view = event.dm_of ? "dm" : event.channel;
    const badge = document.querySelector(`[data-view="${view}"] .badge`);
    if (badge) badge.hidden = false;
    if (event.dm_of) say("You have a new private message.");
    return;
  }
  const old = document.getElementById("m-" + event.id);
  const data = event.deleted ? { html: "" } : await getJSON("/api/message?" + q({ id: event.id }));
  keepFocus(() => {
    if (old && !data.html) old.remove();
    else if (old) old.outerHTML = data.html;
    else if (data.html) {
      const empty = $("messages").querySelector(".empty");
      if (empty) empty.remove();
      $("messages").insertAdjacentHTML("beforeend", data.html);
      scrollToEnd();
    }
  });
}

function listen() {
  const source = new EventSource("/events");
  source.onmessage = (e) => {
    const event = JSON.parse(e.data);
    if (event.type === "message") messageChanged(event).catch(() => {});
    else if (event.type === "clock") {
      $("clock").textContent = event.clock;
      loadView().catch(() => {});
    } else if (event.type === "reset") {
      state.view = null;
      state.dmChannel = null;
      loadWorld().then(() => say("The practice started again.")).catch(() => {});
    }
  };
}

// --- acting ------------------------------------------------------------------------------------------
async function act(body, control) {
  if (control) control.setAttribute("aria-busy", "true");
  say("Connect is working on it…");
  try {
    const reply = await post("/api/act", { as: state.me, ...body });
    if (reply.error) say(reply.error);
    else if (reply.modal_html) openDialog(reply.modal_html, "modal");
    else say("Done. Connect answered.");
    return reply;
  } catch (err) {
    say("That did not work. Please try again.");
    return { error: String(err) };
  } finally {
    if (control) control.removeAttribute("aria-busy");
  }
}

let returnFocus = null;
function openDialog(html, kind) {
  const dialog = $("dialog");
  returnFocus = document.activeElement;
  $("dialog-body").innerHTML = html;
  dialog.dataset.kind = kind;
  if (!dialog.open) dialog.showModal();
  const first = dialog.querySelector("input, textarea, select, button");
  if (first) first.focus();
  say("A form is open.");
}

function closeDialog(sendClose) {
  const dialog = $("dialog");
  if (sendClose && dialog.dataset.kind === "modal") post("/api/close-modal", { as: state.me }).catch(() => {});
  if (dialog.open) dialog.close();
  if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
}

function formValues(form) {
  const values = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled) continue;
    if (el.tagName === "SELECT" && el.multiple) values[el.name] = [...el.selectedOptions].map((o) => o.value);
    else values[el.name] = el.value;
  }
  return values;
}

async function runCommand(name) {
  const form = await getJSON("/api/command?" + q({ channel: state.view, name }));
  if (form.runs_at_once) return act({ kind: "slash", channel: state.view, command: name, values: {} });
  openDialog(form.html, "command");
}

// A link to a message in the practice world opens its channel there, never the real Discord.
async function goTo(channelId, messageId) {
  const isDm = channelId === state.dmChannel;
  if (!isDm && !state.channels.some((c) => c.id === channelId)) return say("You cannot see that channel.");
  state.view = isDm ? "dm" : channelId;
  markCurrent();
  await loadView();
  const target = messageId && document.getElementById("m-" + messageId);
  if (target) {
    target.setAttribute("tabindex", "-1");
    target.scrollIntoView({ block: "center" });
    target.focus();
  }
}

document.addEventListener("click", (e) => {
  const link = e.target.closest("a[data-goto-channel]");
  if (link) {
    e.preventDefault();
    goTo(link.dataset.gotoChannel, link.dataset.gotoMessage);
    return;
  }
  const t = e.target.closest("button");
  if (!t || t.disabled) return;
  if (t.dataset.person) {
    state.me = t.dataset.person;
    state.meLabel = t.textContent;
    closeDialog(false);
    loadWorld().then(() => say("You are now " + t.textContent + "."));
  } else if (t.dataset.view) {
    state.view = t.dataset.view;
    markCurrent();
    loadView().then(() => $("messages-heading").focus());
  } else if (t.dataset.act === "click") {
    act({ kind: "click", message: t.dataset.message, custom_id: t.dataset.customId }, t);
  } else if (t.dataset.act === "command") {
    runCommand(t.dataset.command);
  } else if (t.hasAttribute("data-close")) {
    closeDialog(true);
  } else if (t.dataset.skip) {
    say("Moving the practice clock…");
    post("/api/skip", { to: t.dataset.skip }).then((r) => say(r.clock + ". Connect sent what was due."));
  } else if (t.id === "reset") {
    if (window.confirm("Start again? Everything done in the practice goes away.")) {
      say("Starting again…");
      post("/api/reset", {}).catch(() => say("That did not work. Please try again."));
    }
  } else if (t.id === "large-text" || t.id === "high-contrast") {
    const on = t.getAttribute("aria-pressed") !== "true";
    setLook(t.id, on);
  }
});

document.addEventListener("submit", async (e) => {
  const form = e.target;
  if (!form.dataset.act) return;
  e.preventDefault();
  if (form.dataset.act === "select") {
    const select = form.querySelector("select");
    const values = [...select.selectedOptions].map((o) => o.value).filter((v) => v !== "");
    const low = Number(form.dataset.min);
    const high = Number(form.dataset.max);
    if (values.length < low || values.length > high) {
      say(low === high ? `Please pick ${low}.` : `Please pick ${low} to ${high}.`);
      select.focus();
      return;
    }
    act({ kind: "select", message: form.dataset.message, custom_id: form.dataset.customId, values }, form);
  } else if (form.dataset.act === "slash") {
    const values = formValues(form);
    closeDialog(false);
    await act({ kind: "slash", channel: state.view, command: form.dataset.command, values });
  } else if (form.dataset.act === "modal") {
    const values = formValues(form);
    closeDialog(false);
    await act({ kind: "modal", values });
  }
});

$("dialog").addEventListener("cancel", (e) => {
  e.preventDefault();
  closeDialog(true);
});

// Suggestions for options the bot completes as you type (a time zone, for example).
let suggestTimer = null;
document.addEventListener("input", (e) => {
  const input = e.target;
  if (!input.dataset || !input.dataset.autocomplete) return;
  clearTimeout(suggestTimer);
  suggestTimer = setTimeout(async () => {
    const form = input.closest("form");
    const reply = await getJSON(
      "/api/autocomplete?" +
        q({ channel: state.view, name: form.dataset.command, option: input.dataset.autocomplete, value: input.value }),
    );
    const list = document.getElementById(input.getAttribute("list"));
    list.replaceChildren(
      ...reply.choices.map((c) => {
        const o = document.createElement("option");
        o.value = c.value;
        o.label = c.name;
        return o;
      }),
    );
  }, 300);
});

function setLook(id, on) {
  const button = $(id);
  button.setAttribute("aria-pressed", String(on));
  document.documentElement.classList.toggle(id, on);
  try {
    localStorage.setItem("practice-" + id, on ? "on" : "off");
  } catch (err) {
    /* private windows may refuse storage; the look still changes */
  }
}

function start() {
  for (const id of ["large-text", "high-contrast"]) {
    let saved = null;
    try {
      saved = localStorage.getItem("practice-" + id);
    } catch (err) {
      saved = null;
    }
    if (saved === "on") setLook(id, true);
  }
  listen();
  loadWorld().catch(() => say("The practice page could not reach Connect. Is it still running?"));
}

start();
