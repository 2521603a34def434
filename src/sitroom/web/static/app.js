// sitroom's web UI: one page over the read-only API of `sitroom serve`.
//
// Everything an article wrote reaches the page through textContent or an attribute set with
// setAttribute (never innerHTML), links to articles keep only http(s) addresses, and the
// page's state (view, filters, map view) lives in its URL, so that a view can be shared,
// bookmarked and exported as it is shown.
"use strict";

const FILTERS = ["story", "date_from", "date_to", "country", "admin1", "event_type", "actor", "figure_kind", "q", "since"];
let COLOURS = {}; // event type -> colour, from event-colours.json (the HTML report's map reads it too)
const MAX_TIMELINE = 300;
const MAX_MAP = 5000;
const MAX_MEMBERS = 8;

const state = { map: null, cluster: null, markers: new Map(), world: null, docFacts: [] };

// ---------------------------------------------------------------------------- small helpers

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attrs) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
  return node;
}

function safeUrl(value) {
  // An article's URL as a link only when it is http(s): never javascript:, data: and the like.
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch (e) {
    return null;
  }
}

function number(value) {
  if (value === null || value === undefined) return "–";
  return Number(value).toLocaleString("en", { maximumFractionDigits: 1 });
}

function params() {
  return new URLSearchParams(location.search);
}

function filterParams(from) {
  const source = from || params();
  const kept = new URLSearchParams();
  for (const name of FILTERS) {
    const value = source.get(name);
    if (value) kept.set(name, value);
  }
  return kept;
}

function href(values) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) if (value !== null && value !== undefined && value !== "") query.set(name, value);
  return "/?" + query.toString();
}

function link(values, ...children) {
  // An in-page link: a real href (opens in a new tab too), followed without a reload.
  const a = el("a", { href: href(values) }, ...children);
  a.addEventListener("click", (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    go(a.getAttribute("href"));
  });
  return a;
}

function sentenceLink(docId, start, end, sentStart, sentEnd, ...children) {
  const values = { view: "document", id: docId };
  if (sentStart !== null && sentStart !== undefined) values.s = `${sentStart}-${sentEnd}`;
  if (start !== null && start !== undefined) values.h = `${start}-${end}`;
  return link(values, ...children);
}

async function api(path, query) {
  const url = path + (query && query.toString() ? "?" + query.toString() : "");
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body && body.error ? body.error.message : `${response.status} ${response.statusText}`;
    throw new Error(`${path}: ${message}`);
  }
  return body;
}

function showError(error) {
  const box = document.getElementById("error");
  box.textContent = error ? String(error.message || error) : "";
  box.hidden = !error;
}

function go(url, replace) {
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  render().catch(showError);
}

// ---------------------------------------------------------------------------- the filter form

function syncForm() {
  const form = document.getElementById("filters");
  const current = params();
  for (const name of FILTERS) {
    const input = form.elements.namedItem(name);
    if (input) input.value = current.get(name) || "";
  }
  const kept = filterParams();
  for (const a of form.querySelectorAll("a[data-export]")) {
    a.setAttribute("href", `/api/export/${a.dataset.export}` + (kept.toString() ? "?" + kept.toString() : ""));
  }
}

function setupForm() {
  const form = document.getElementById("filters");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    const current = params();
    next.set("view", current.get("view") === "documents" || current.get("view") === "stories" ? current.get("view") : "situation");
    for (const name of FILTERS) {
      const input = form.elements.namedItem(name);
      const value = input ? input.value.trim() : current.get(name);
      if (value) next.set(name, name === "country" ? value.toUpperCase() : value);
    }
    if (current.get("map")) next.set("map", current.get("map"));
    go("/?" + next.toString());
  });
  document.getElementById("clear").addEventListener("click", () => go("/?view=" + (params().get("view") || "situation")));
  for (const a of document.querySelectorAll("header a[data-view]")) {
    a.addEventListener("click", (event) => {
      event.preventDefault();
      const next = filterParams();
      next.set("view", a.dataset.view);
      go("/?" + next.toString());
    });
  }
}

// ---------------------------------------------------------------------------- views

async function render() {
  delete document.body.dataset.ready; // set again once the view is drawn (what tests wait for)
  showError(null);
  syncForm();
  const view = params().get("view") || "situation";
  for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== "view-" + view;
  document.body.dataset.view = view;
  await storyNotice();
  if (view === "situation") await renderSituation();
  else if (view === "stories") await renderStories();
  else if (view === "documents") await renderDocuments();
  else if (view === "document") await renderDocument();
  document.body.dataset.ready = view;
}

async function storyNotice() {
  const box = document.getElementById("story-filter");
  const story = params().get("story");
  box.hidden = !story;
  box.replaceChildren();
  if (!story) return;
  const found = await api("/api/stories", new URLSearchParams({ story, limit: "1" }));
  const title = found.items.length ? found.items[0].title || story : story;
  const rest = filterParams();
  rest.delete("story");
  rest.set("view", params().get("view") || "situation");
  box.append("Showing one story: ", el("strong", { text: title }), " ", link(Object.fromEntries(rest), "show every story"));
}

async function renderSituation() {
  const filters = filterParams();
  const health = await api("/api/health");
  document.getElementById("store-size").textContent = `${number(health.documents)} documents in the store`;
  const [geo, groups, speakers] = await Promise.all([
    api("/api/map", withLimit(filters, MAX_MAP)),
    api("/api/figure-groups", withLimit(filters, 40)),
    api("/api/speakers", withLimit(filters, 10)),
  ]);
  const events = geo.features.filter((f) => f.geometry);
  await drawMap(events);
  const truncated = document.getElementById("map-truncated");
  truncated.hidden = !geo.truncated;
  truncated.textContent = geo.truncated ? `The map shows the first ${events.length} events the filters keep; narrow them, or export them all.` : "";
  drawLegend(events);
  drawTimeline(events);
  drawFigures(groups);
  drawSpeakers(speakers.items);
  await drawChanges(filters, events);
  const countries = document.getElementById("countries");
  countries.replaceChildren(...[...new Set(events.map((f) => f.properties.country).filter(Boolean))].sort().map((c) => el("option", { value: c })));
}

function withLimit(filters, limit) {
  const query = new URLSearchParams(filters);
  query.set("limit", String(limit));
  return query;
}

async function drawChanges(filters, events) {
  const box = document.getElementById("changes");
  const since = filters.get("since");
  box.hidden = !since;
  box.replaceChildren();
  if (!since) return;
  const docs = await api("/api/documents", withLimit(filters, 1000));
  const count = docs.next === null ? String(docs.items.length) : `more than ${docs.items.length}`;
  box.append(el("strong", { text: `Since ${since}: ` }), `${count} documents stored, ${events.length} events on the map, `, `their figures and statements below.`);
}

// ---------------------------------------------------------------------------- the map

async function worldLayer() {
  if (!state.world) {
    const topology = await fetch("/static/vendor/world-atlas/countries-50m.json").then((r) => r.json());
    const countries = topojson.feature(topology, topology.objects.countries);
    state.world = L.geoJSON(countries, { style: { color: "#9aa5b1", weight: 0.6, fillColor: "#eef1f4", fillOpacity: 1 }, interactive: false });
  }
  return state.world;
}

async function drawMap(events) {
  if (!state.map) {
    state.map = L.map("map", { worldCopyJump: true, minZoom: 1, maxZoom: 9, zoomSnap: 0.5, attributionControl: true }); // the bundled 1:50m map shows no more
    state.map.attributionControl.setPrefix(false);
    state.map.attributionControl.addAttribution("Natural Earth");
    (await worldLayer()).addTo(state.map);
    state.map.on("moveend", () => {
      const c = state.map.getCenter();
      const next = params();
      next.set("map", `${c.lat.toFixed(3)},${c.lng.toFixed(3)},${state.map.getZoom()}`);
      history.replaceState(null, "", "/?" + next.toString());
    });
  }
  if (state.cluster) state.map.removeLayer(state.cluster);
  state.markers = new Map();
  state.cluster = L.markerClusterGroup({
    showCoverageOnHover: false,
    maxClusterRadius: 40,
    iconCreateFunction: (cluster) => {
      const members = cluster.getAllChildMarkers();
      const killed = members.reduce((sum, m) => sum + (m.options.fatalities || 0), 0);
      const size = Math.round((killed ? 44 : 30) + Math.min(36, Math.sqrt(killed) * 2));
      const icon = el("div", { class: "cluster-icon" }, el("span", { text: String(members.length) }), killed ? el("small", { text: `${number(killed)} killed` }) : null);
      return L.divIcon({ html: icon, className: "cluster", iconSize: L.point(size, size) });
    },
  });
  state.cluster.on("clusterclick", (event) => showCluster(event.layer.getAllChildMarkers().map((m) => m.options.feature)));
  for (const feature of events) {
    const p = feature.properties;
    const [lon, lat] = feature.geometry.coordinates;
    const marker = L.circleMarker([lat, lon], {
      radius: 6 + Math.min(18, Math.sqrt(p.fatalities || 0) * 1.5),
      color: "#222", weight: 1, fillColor: COLOURS[p.event_type] || "#555", fillOpacity: 0.85,
      fatalities: p.fatalities || 0, feature,
    });
    marker.on("click", () => showEvent(feature));
    state.markers.set(p.merged_event, marker);
    state.cluster.addLayer(marker);
  }
  state.map.addLayer(state.cluster);
  const view = (params().get("map") || "").split(",").map(Number);
  if (view.length === 3 && view.every(Number.isFinite)) state.map.setView([view[0], view[1]], view[2]);
  else if (events.length) state.map.fitBounds(state.cluster.getBounds().pad(0.2), { maxZoom: 7 });
  else state.map.setView([20, 20], 2);
  state.map.invalidateSize();
}

function drawLegend(events) {
  const counts = {};
  for (const f of events) counts[f.properties.event_type] = (counts[f.properties.event_type] || 0) + 1;
  const legend = document.getElementById("legend");
  legend.replaceChildren(
    ...Object.entries(COLOURS).map(([type, colour]) => {
      const swatch = el("span", { class: "swatch" });
      swatch.style.background = colour;
      return el("span", { class: "legend-item" }, swatch, `${type} (${counts[type] || 0})`);
    }),
    el("span", { class: "muted" }, "Circle size: people killed; a cluster shows its events and their dead."),
  );
}

function eventTitle(p) {
  return p.event_type + (p.sub_event_type ? ` · ${p.sub_event_type}` : "");
}

function actors(p) {
  return [p.actor1, p.actor2].filter(Boolean).join(" vs ") || "actor not named";
}

function showEvent(feature) {
  const p = feature.properties;
  const card = document.getElementById("card");
  const url = safeUrl(p.url);
  const tolls = (p.fatalities_reported || []).filter((v) => v !== null);
  const differ = new Set(tolls).size > 1;
  card.replaceChildren(
    el("h3", { class: "event-type", text: eventTitle(p) }),
    el("dl", {},
      el("dt", { text: "When" }), el("dd", { text: p.date ? p.date + (p.date_end ? ` – ${p.date_end}` : "") : "date not stated" }),
      el("dt", { text: "Where" }), el("dd", { text: [p.place, p.admin1, p.country].filter(Boolean).join(", ") || "place not stated" }),
      el("dt", { text: "Who" }), el("dd", { text: actors(p) }),
      el("dt", { text: "Killed" }), el("dd", { text: p.fatalities === null || p.fatalities === undefined ? "not stated" : number(p.fatalities) + (differ ? ` (reports say ${tolls.map(number).join(", ")})` : "") }),
      el("dt", { text: "Reports" }), el("dd", { text: `${(p.reports || []).length} from ${(p.sources || []).join(", ") || "unknown outlets"}` }),
    ),
    el("blockquote", { class: "sentence", text: p.sentence || "" }),
    el("p", {},
      sentenceLink(p.doc_id, p.start, p.end, p.sent_start, p.sent_end, "Open the sentence in its document"),
      url ? " · " : null,
      url ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank", text: "source page" }) : null,
    ),
  );
  card.dataset.event = p.merged_event;
}

function showCluster(features) {
  const card = document.getElementById("card");
  const rows = features
    .slice()
    .sort((a, b) => (a.properties.date || "").localeCompare(b.properties.date || ""))
    .map((f) => {
      const p = f.properties;
      const row = el("tr", { class: "clickable" }, el("td", { text: p.date || "–" }), el("td", { text: p.event_type }), el("td", { text: p.place || "–" }), el("td", { text: number(p.fatalities) }));
      row.addEventListener("click", () => showEvent(f));
      return row;
    });
  card.replaceChildren(el("h3", { text: `${features.length} events here` }), el("table", { class: "rows" }, el("thead", {}, el("tr", {}, ...["date", "event", "place", "killed"].map((h) => el("th", { text: h })))), el("tbody", {}, ...rows)));
}

function findOnMap(feature) {
  const marker = state.markers.get(feature.properties.merged_event);
  if (!marker) return;
  document.getElementById("map").scrollIntoView({ behavior: "smooth", block: "center" });
  state.cluster.zoomToShowLayer(marker, () => {
    marker.setStyle({ weight: 4, color: "#000" });
    setTimeout(() => marker.setStyle({ weight: 1, color: "#222" }), 2500);
    showEvent(feature);
  });
}

function drawTimeline(events) {
  const body = document.querySelector("#timeline tbody");
  const dated = events.filter((f) => f.properties.date).sort((a, b) => a.properties.date.localeCompare(b.properties.date));
  const rows = dated.slice(-MAX_TIMELINE).map((f) => {
    const p = f.properties;
    const row = el("tr", { class: "clickable", title: "Find it on the map" },
      el("td", { class: "nowrap", text: p.date }),
      el("td", { text: eventTitle(p) }),
      el("td", { text: [p.place, p.country].filter(Boolean).join(", ") }),
      el("td", { text: actors(p) }),
      el("td", { class: "num", text: number(p.fatalities) }),
      el("td", { class: "sentence", text: p.sentence || "" }),
    );
    row.addEventListener("click", () => findOnMap(f));
    return row;
  });
  if (!rows.length) rows.push(el("tr", {}, el("td", { colspan: 6, class: "muted", text: "No dated event matches these filters." })));
  if (dated.length > MAX_TIMELINE) rows.unshift(el("tr", {}, el("td", { colspan: 6, class: "muted", text: `The ${MAX_TIMELINE} latest of ${dated.length} events; the export holds them all.` })));
  body.replaceChildren(...rows);
}

// ---------------------------------------------------------------------------- figures and statements

const STATUS = { contradict: "sources disagree", rising: "rising over time", agree: "sources agree", single: "reported once" };

function rangeOf(g) {
  return g.low === g.high || g.high === null ? number(g.low) + (g.high === null ? "+" : "") : `${number(g.low)}–${number(g.high)}`;
}

function memberItem(m) {
  return el("li", {},
    sentenceLink(m.doc_id, m.start, m.end, null, null, m.text), ` — ${m.outlet || "unknown outlet"}, ${m.date || "undated"}` + (m.reported_by ? `, according to ${m.reported_by}` : ""),
  );
}

function drawFigures(groups) {
  // Groups with several reports as cards (disagreements first, a chart of their values over
  // time); the figures reported once collapsed into one list below them.
  const box = document.getElementById("figures");
  if (!groups.items.length) {
    box.replaceChildren(el("p", { class: "muted", text: "No figures match these filters." }));
    return;
  }
  const several = groups.items.filter((g) => g.status !== "single");
  const once = groups.items.filter((g) => g.status === "single");
  box.replaceChildren(
    ...several.map((g) => {
      const head = el("p", { class: "group-head" },
        el("strong", { text: `${g.kind.replace(/_/g, " ")} · ${g.place || "place not stated"}: ${rangeOf(g)}` }), " ",
        el("span", { class: "status status-" + g.status, text: STATUS[g.status] || g.status }),
      );
      const shown = g.members.slice(-MAX_MEMBERS); // the last in date order (undated ones last)
      const more = g.members.length - shown.length;
      return el("div", { class: "group" }, head, chart(g), g.review ? el("p", { class: "review", text: "Review: " + g.review }) : null,
        el("ul", { class: "members" }, ...shown.map(memberItem), more ? el("li", { class: "muted", text: `and ${more} report(s) before these: in the export` }) : null));
    }),
    once.length ? el("div", { class: "group once" },
      el("p", { class: "group-head" }, el("strong", { text: "Reported once" }), el("span", { class: "muted", text: ` (${once.length})` })),
      el("ul", { class: "members" }, ...once.map((g) => {
        const m = g.members[0];
        return el("li", {}, `${g.kind.replace(/_/g, " ")} · ${g.place || "place not stated"}: `, sentenceLink(m.doc_id, m.start, m.end, null, null, m.text), ` — ${m.outlet || "unknown outlet"}, ${m.date || "undated"}`);
      })),
    ) : null,
    groups.total > groups.items.length ? el("p", { class: "muted", text: `${groups.items.length} of ${groups.total} figure groups shown; the export holds them all.` }) : null,
  );
}

function chart(group) {
  // The group's values over time: one dot per report (its range as a bar), dates on x.
  const dated = group.members.filter((m) => m.date && (m.value !== null || m.low !== null));
  if (dated.length < 2) return null;
  const w = 260, h = 64, pad = 8;
  const days = dated.map((m) => Date.parse(m.date));
  const values = dated.flatMap((m) => [m.low, m.high, m.value].filter((v) => v !== null));
  const [d0, d1] = [Math.min(...days), Math.max(...days)];
  const [v0, v1] = [Math.min(0, ...values), Math.max(...values)];
  const x = (d) => pad + (d1 === d0 ? (w - 2 * pad) / 2 : ((d - d0) / (d1 - d0)) * (w - 2 * pad));
  const y = (v) => h - 2 * pad - (v1 === v0 ? 0 : ((v - v0) / (v1 - v0)) * (h - 3 * pad));
  const figure = svg("svg", { class: "chart", viewBox: `0 0 ${w} ${h}`, width: w, height: h, role: "img" });
  const title = svg("title");
  title.textContent = `${group.kind} over time: ${dated.map((m) => `${m.date} ${m.text}`).join("; ")}`;
  figure.append(title, svg("line", { x1: pad, x2: w - pad, y1: h - 2 * pad, y2: h - 2 * pad, class: "axis" }));
  const order = dated.slice().sort((a, b) => a.date.localeCompare(b.date));
  figure.append(svg("polyline", { points: order.map((m) => `${x(Date.parse(m.date))},${y(m.value ?? m.low ?? m.high)}`).join(" "), class: "trend" }));
  for (const [at, anchor, label] of [[pad, "start", order[0].date], [w - pad, "end", order[order.length - 1].date]]) {
    const text = svg("text", { x: at, y: h - 1, "text-anchor": anchor, class: "tick" });
    text.textContent = label;
    figure.append(text);
  }
  for (const m of dated) {
    const cx = x(Date.parse(m.date));
    const low = m.low ?? m.value, high = m.high ?? m.value;
    if (low !== null && high !== null && low !== high) figure.append(svg("line", { x1: cx, x2: cx, y1: y(low), y2: y(high), class: "range" }));
    const dot = svg("circle", { cx, cy: y(m.value ?? low ?? high), r: 3.5, class: "dot" });
    const tip = svg("title");
    tip.textContent = `${m.date}: ${m.text} (${m.outlet || "unknown outlet"})`;
    dot.append(tip);
    figure.append(dot);
  }
  return figure;
}

function drawSpeakers(items) {
  const box = document.getElementById("speakers");
  if (!items.length) {
    box.replaceChildren(el("p", { class: "muted", text: "No attributed statements match these filters." }));
    return;
  }
  box.replaceChildren(...items.map((s) => {
    const q = s.latest;
    return el("div", { class: "speaker" },
      el("p", {}, el("strong", { text: s.speaker }), s.role ? `, ${s.role}` : "", el("span", { class: "muted", text: ` — ${s.quotes} statement(s) in ${s.documents} document(s)` })),
      el("blockquote", { class: q.direct ? "quote direct" : "quote" }, q.direct ? `“${q.text}”` : q.text),
      el("p", { class: "small" }, sentenceLink(q.doc_id, q.start, q.end, q.sent_start, q.sent_end, "in context"), ` · ${q.document_title || ""} (${q.document_published || "undated"})`),
    );
  }));
}

// ---------------------------------------------------------------------------- stories and documents

async function pagedTable(path, tableId, buttonId, row) {
  const body = document.querySelector(`#${tableId} tbody`);
  const button = document.getElementById(buttonId);
  body.replaceChildren();
  let after = null;
  const more = async () => {
    const query = withLimit(filterParams(), 100);
    if (after !== null) query.set("after", String(after));
    const page = await api(path, query);
    body.append(...page.items.map(row));
    if (!body.children.length) body.append(el("tr", {}, el("td", { colspan: 4, class: "muted", text: "Nothing matches these filters." })));
    after = page.next;
    button.hidden = after === null;
  };
  button.onclick = () => more().catch(showError);
  await more();
}

async function renderStories() {
  await pagedTable("/api/stories", "stories", "stories-more", (s) => {
    const values = Object.fromEntries(filterParams());
    return el("tr", {},
      el("td", {}, link({ ...values, view: "situation", story: s.story_id }, s.title || s.story_id)),
      el("td", { class: "num", text: s.size }), el("td", { text: s.first_day || "–" }), el("td", { text: s.last_day || "–" }),
    );
  });
}

async function renderDocuments() {
  await pagedTable("/api/documents", "documents", "documents-more", (d) => el("tr", {},
    el("td", { class: "nowrap", text: d.published || "undated" }),
    el("td", {}, link({ view: "document", id: d.doc_id }, d.title || d.doc_id)),
    el("td", { text: d.outlet || "–" }),
  ));
}

// ---------------------------------------------------------------------------- one document

const SHOWN = ["event", "figure", "quote", "place", "time"];

function span(value) {
  const match = /^(\d+)-(\d+)$/.exec(value || "");
  return match ? [Number(match[1]), Number(match[2])] : null;
}

function factLabel(f) {
  if (f.type === "quote") return `${f.speaker || "unattributed"}: ${f.direct ? "“" + f.text + "”" : f.text}`;
  if (f.type === "figure") return `${f.text} — ${f.kind.replace(/_/g, " ")}${f.place ? ", " + f.place : ""}`;
  if (f.type === "event") return `${f.event_type}${f.place ? " in " + f.place : ""}${f.date ? ", " + f.date : ""} (“${f.text}”)`;
  if (f.type === "place") return `${f.text} → ${f.name || "?"}${f.country ? ", " + f.country : ""}`;
  if (f.type === "time") return `${f.text} → ${f.value || "?"}`;
  return f.text;
}

async function renderDocument() {
  const current = params();
  const id = current.get("id");
  if (!id) throw new Error("no document named in the address (id=...)");
  const body = await api("/api/documents/" + encodeURIComponent(id));
  const doc = body.document;
  const facts = body.facts.filter((f) => SHOWN.includes(f.type));
  state.docFacts = facts;
  document.getElementById("doc-title").textContent = doc.title || doc.doc_id;
  const url = safeUrl(doc.url);
  document.getElementById("doc-meta").replaceChildren(
    [doc.outlet, doc.published ? `published ${doc.published}` : "publication day unknown", doc.byline].filter(Boolean).join(" · "),
    url ? " · " : "", url ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank", text: "source page" }) : "",
  );
  const sentence = span(current.get("s"));
  const highlight = span(current.get("h"));
  drawText(doc.text, facts, sentence, highlight);
  drawFactList(doc.doc_id, facts, highlight);
  const target = document.querySelector("#doc-text .target, #doc-text .hit");
  if (target) target.scrollIntoView({ block: "center" });
}

function drawText(text, facts, sentence, highlight) {
  const cuts = new Set([0, text.length]);
  for (const f of facts) {
    cuts.add(f.start);
    cuts.add(f.end);
  }
  for (const s of [sentence, highlight]) if (s) s.forEach((c) => cuts.add(Math.min(Math.max(c, 0), text.length)));
  const points = [...cuts].sort((a, b) => a - b);
  const box = document.getElementById("doc-text");
  const parts = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    if (a === b) continue;
    const covering = facts.map((f, n) => [f, n]).filter(([f]) => f.start <= a && b <= f.end && f.start < f.end);
    const inSentence = sentence && sentence[0] <= a && b <= sentence[1];
    const inHighlight = highlight && highlight[0] <= a && b <= highlight[1];
    const piece = text.slice(a, b);
    if (!covering.length && !inSentence && !inHighlight) {
      parts.push(document.createTextNode(piece));
      continue;
    }
    const classes = [...new Set(covering.map(([f]) => "f-" + f.type))];
    if (inSentence) classes.push("target");
    if (inHighlight) classes.push("hit");
    const mark = el(covering.length ? "mark" : "span", { class: classes.join(" "), "data-facts": covering.map(([, n]) => n).join(" ") || null }, piece);
    if (covering.length) mark.addEventListener("click", () => selectFacts(covering.map(([, n]) => n)));
    parts.push(mark);
  }
  box.replaceChildren(...parts);
}

function drawFactList(docId, facts, highlight) {
  const box = document.getElementById("doc-facts");
  const groups = SHOWN.map((type) => [type, facts.map((f, n) => [f, n]).filter(([f]) => f.type === type)]).filter(([, items]) => items.length);
  box.replaceChildren(
    el("h3", { text: "Facts in this document" }),
    el("p", { class: "muted small", text: "Each fact opens its sentence; click highlighted text to see its facts." }),
    el("p", { class: "doc-text key small" }, ...SHOWN.flatMap((type) => [el("mark", { class: "f-" + type, text: type }), " "])),
    ...groups.flatMap(([type, items]) => [
      el("h4", { text: `${type}s (${items.length})` }),
      el("ul", { class: "fact-list" }, ...items.map(([f, n]) => {
        const item = el("li", { id: `fact-${n}`, class: "fact f-" + f.type }, sentenceLink(docId, f.start, f.end, f.sent_start ?? null, f.sent_end ?? null, factLabel(f)));
        if (highlight && f.start === highlight[0] && f.end === highlight[1]) item.classList.add("active");
        return item;
      })),
    ]),
  );
}

function selectFacts(numbers) {
  for (const item of document.querySelectorAll("#doc-facts .fact.active")) item.classList.remove("active");
  for (const n of numbers) {
    const item = document.getElementById(`fact-${n}`);
    if (item) item.classList.add("active");
  }
  const first = document.getElementById(`fact-${numbers[0]}`);
  if (first) first.scrollIntoView({ block: "nearest" });
}

// ---------------------------------------------------------------------------- start

window.addEventListener("popstate", () => render().catch(showError));
document.addEventListener("DOMContentLoaded", () => {
  setupForm();
  fetch("/static/event-colours.json").then((r) => r.json()).then((colours) => {
    COLOURS = colours;
    return render();
  }).catch((error) => {
    showError(error);
    document.body.dataset.ready = "error";
  });
});
