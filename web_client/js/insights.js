// What the room showed, on the console from the first reveal on: per-skill tag counts, the
// skills never shown or missed, how often the customer agreed with the peers, each player's
// skill tags (all from the report, GET /api/rooms/{code}/report), and the report's downloads.

import { fetchReport, fetchReportFile } from "./api.js";
import { append, el, nameTag, replaceContent, setShown } from "./dom.js";

const REPORT_PHASES = ["reveal", "scoreboard", "finished"];
const MISSED = "Missed: a card asked for it, nobody showed it";
const DOWNLOADS = [
  ["json", "Download JSON"],
  ["csv", "Download CSV"],
  ["xlsx", "Download Excel"],
];
// The browser reads a blob: URL once the download has started, a moment after the click.
const REVOKE_AFTER_MS = 30_000;

/**
 * The insights panel. `session()` gives {code, host_token}; `skillNames()` the id -> name
 * map; `onReport(report)` is told about each report loaded. Returns {root, update(state)}.
 */
export function createInsightsPanel({ session, skillNames, onReport }) {
  const body = el("div", { className: "insights-body" });
  const status = el("p", { className: "muted", attrs: { role: "status" } });
  const root = el("section", {
    className: "card insights-card",
    attrs: { "aria-labelledby": "insights-heading" },
  });
  append(root, [
    el("h2", { text: "What the room showed", attrs: { id: "insights-heading" } }),
    body,
    el("h3", { className: "insights-subtitle", text: "The full report" }),
    el(
      "div",
      { className: "button-row" },
      DOWNLOADS.map(([format, text]) =>
        el("button", {
          className: "button button-small",
          text,
          attrs: { type: "button" },
          on: { click: () => download(session(), format, status) },
        }),
      ),
    ),
    status,
  ]);
  let loadedFor = null;
  let request = 0;

  async function load(state) {
    const mine = ++request;
    try {
      const report = await fetchReport(state.code, session().host_token);
      if (mine !== request) return;
      replaceContent(body, insightsContent(report, skillNames()));
      onReport(report);
    } catch (error) {
      if (mine !== request) return;
      const text = `Could not load the report: ${error.message}`;
      replaceContent(body, el("p", { className: "form-error", text }));
    }
  }

  return {
    root,
    update(state) {
      const shown = REPORT_PHASES.includes(state.phase);
      setShown(root, shown);
      const key = `${state.code}|${state.phase}|${state.round}`;
      if (!shown || key === loadedFor) return;
      loadedFor = key;
      load(state);
    },
  };
}

function insightsContent(report, skillNames) {
  const { insights } = report;
  const name = (id) => skillNames.get(id) ?? id;
  return [
    agreementLine(insights.agreement),
    el("h3", { className: "insights-subtitle", text: "Skill tags" }),
    skillBars(insights.skills, name),
    skillList("Never shown", insights.never_shown, name, "insights-never"),
    skillList(MISSED, insights.missed, name, "insights-missed"),
    el("h3", { className: "insights-subtitle", text: "Each player's skill tags" }),
    playerTags(insights.players, name),
  ];
}

function agreementLine(agreement) {
  if (!agreement.rounds) {
    return el("p", {
      className: "insights-agreement",
      text: "Agreement: no round yet where both the customer and a peer voted.",
    });
  }
  const percent = Math.round(agreement.rate * 100);
  return el("p", {
    className: "insights-agreement",
    text:
      "Agreement: the customer's pick was also the peers' favourite in " +
      `${agreement.agreed} of ${count(agreement.rounds, "round")} (${percent}%).`,
  });
}

/** One bar per skill the room showed, as long as its tag count (relative to the most tagged
 *  skill); the others are listed under "Never shown". */
function skillBars(skills, name) {
  const shown = skills.filter((skill) => skill.tags > 0).sort((a, b) => b.tags - a.tags);
  if (!shown.length) return el("p", { className: "empty", text: "No skill tags yet." });
  const most = Math.max(...shown.map((skill) => skill.tags));
  return el(
    "ul",
    { className: "skill-bars" },
    shown.map((skill) => {
      const fill = el("span", { className: "skill-bar-fill" });
      fill.style.width = `${(skill.tags / most) * 100}%`;
      return el("li", { className: "skill-bar", attrs: { "data-skill": skill.skill } }, [
        el("span", { className: "skill-bar-name", text: name(skill.skill) }),
        el("span", { className: "skill-bar-track", attrs: { "aria-hidden": "true" } }, [fill]),
        el("span", { className: "skill-bar-count", text: count(skill.tags, "tag") }),
      ]);
    }),
  );
}

/** "1 tag", "3 tags". */
function count(n, noun) {
  return `${n} ${n === 1 ? noun : `${noun}s`}`;
}

function skillList(title, ids, name, className) {
  return el("p", { className }, [
    el("strong", { text: `${title}: ` }),
    ids.length ? ids.map(name).join(", ") : "none",
  ]);
}

function playerTags(players, name) {
  if (!players.length) return el("p", { className: "empty", text: "No players." });
  return el(
    "ul",
    { className: "player-tags" },
    players.map((player) => {
      const tags = Object.entries(player.skill_tags)
        .filter(([, count]) => count > 0)
        .sort((a, b) => b[1] - a[1])
        .map(([id, count]) => `${name(id)} ×${count}`);
      return el("li", { className: "player-tags-item" }, [
        nameTag(player.name),
        tags.length
          ? el("span", { text: tags.join(", ") })
          : el("span", { className: "muted", text: "no tags yet" }),
      ]);
    }),
  );
}

/** Fetch the report in `format` with the host token in a header, and save it as a file. */
async function download({ code, host_token: token }, format, status) {
  status.textContent = "Preparing the download…";
  try {
    saveBlob(await fetchReportFile(code, token, format), `counterplay-${code}.${format}`);
    status.textContent = "";
  } catch (error) {
    status.textContent = `Could not download the report: ${error.message}`;
  }
}

function saveBlob(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const link = el("a", { className: "visually-hidden", attrs: { href: url, download: fileName } });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
