extension ReportPage {
    /// The page's style sheet.
    static let style = """
        :root { --ink: #1d2330; --muted: #5b6475; --line: #d9dde5; --auto: #2f7d4f; --review: #b86e00;
          --apart: #9aa3b2; --archive: #7a4fb3; --keep: #3a6ea5; --differs: #fff3cd; --bg: #f6f7f9; }
        * { box-sizing: border-box; }
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
          margin: 0 auto; max-width: 1280px; padding: 16px 24px 48px; background: #fff; }
        h1 { margin: 8px 0 4px; font-size: 24px; } h2 { font-size: 18px; margin: 28px 0 10px;
          border-bottom: 1px solid var(--line); padding-bottom: 4px; } h3 { font-size: 15px; margin: 0 0 8px; }
        .meta { color: var(--muted); } code { font: 12px ui-monospace, Menlo, Consolas, monospace; }
        .counts { display: flex; flex-wrap: wrap; gap: 10px; }
        .count { background: var(--bg); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px;
          min-width: 130px; } .count .number { display: block; font-size: 22px; font-weight: 600; }
        .count .label { color: var(--muted); }
        .charts { display: flex; flex-wrap: wrap; gap: 24px; } figure { margin: 0; flex: 1 1 420px; }
        figcaption { color: var(--muted); font-size: 12px; } svg { width: 100%; height: auto; }
        svg .bar.apart { fill: var(--apart); } svg .bar.review { fill: var(--review); }
        svg .bar.auto { fill: var(--auto); } svg .bar.keep { fill: var(--keep); } svg .bar.archive { fill: var(--archive); }
        svg .axis { stroke: var(--ink); } svg .tick, svg .label, svg .value, svg .threshold-label { font-size: 11px;
          fill: var(--ink); } svg .threshold { stroke: var(--ink); stroke-dasharray: 4 3; }
        table { border-collapse: collapse; width: 100%; } th, td { text-align: left; vertical-align: top;
          padding: 4px 8px; border-bottom: 1px solid var(--line); } td.n { text-align: right; }
        .controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
        .filters button, .pager button { border: 1px solid var(--line); background: #fff; border-radius: 6px;
          padding: 5px 10px; cursor: pointer; font: inherit; } .filters button.on { background: var(--ink); color: #fff; }
        .filters button span { color: var(--muted); } .filters button.on span { color: #cfd5e0; }
        #search { flex: 1 1 240px; padding: 6px 10px; border: 1px solid var(--line); border-radius: 6px; font: inherit; }
        .pager { margin: 12px 0; color: var(--muted); } .pager button:disabled { opacity: .4; cursor: default; }
        article.cluster { border: 1px solid var(--line); border-left: 5px solid var(--auto); border-radius: 6px;
          padding: 10px 14px; margin: 0 0 14px; } article.cluster.review { border-left-color: var(--review); }
        article.cluster.archive { border-left-color: var(--archive); }
        .badge { display: inline-block; border-radius: 10px; padding: 0 8px; margin-right: 6px; font-size: 12px;
          color: #fff; background: var(--auto); } .badge.review { background: var(--review); }
        .badge.action { background: var(--keep); } .badge.archive { background: var(--archive); }
        .confidence { color: var(--muted); font-weight: normal; margin-left: 8px; }
        table.members th:first-child { width: 150px; color: var(--muted); font-weight: normal; }
        table.members td.proposed { background: #eef6f0; } tr.differs td.value { background: var(--differs); }
        .from { display: block; color: var(--muted); font-size: 11px; }
        ul.reasons, ul.conflicts, ul.changes { margin: 6px 0; padding-left: 20px; } ul.conflicts li { color: #8a4b00; }
        ul.changes li { color: #1d4f91; }
        .carried { color: var(--muted); margin: 4px 0 0; }

        """

    /// The script that renders the clusters a page at a time. It only ever sets `textContent`.
    static let script = """
        "use strict";
        (function () {
          const data = JSON.parse(document.getElementById("plan-data").textContent);
          document.getElementById("count-conflicts").textContent = String(data.conflicts);
          for (const [id, value] of Object.entries(data.changes || {})) {
            const count = document.getElementById("count-" + id);
            if (count) count.textContent = String(value);
          }
          const pageSize = 50;
          const tests = {
            all: () => true,
            auto: (c) => c.s === "auto",
            review: (c) => c.s === "review",
            "one-sided": (c) => c.o,
            archive: (c) => c.a === "archive",
            changed: (c) => Boolean(c.g),
          };
          const state = { filter: "all", page: 0, q: "" };
          for (const part of location.hash.slice(1).split("&")) {
            const [key, value] = part.split("=").map(decodeURIComponent);
            if (key === "filter" && tests[value]) state.filter = value;
            if (key === "page") state.page = Math.max(0, (parseInt(value, 10) || 1) - 1);
            if (key === "q") state.q = value.toLowerCase();
          }
          const search = document.getElementById("search");
          search.value = state.q;

          function el(tag, className, text) {
            const node = document.createElement(tag);
            if (className) node.className = className;
            if (text !== undefined && text !== null) node.textContent = text;
            return node;
          }

          function matches(c) {
            if (!tests[state.filter](c)) return false;
            if (!state.q) return true;
            if (c.i.toLowerCase().includes(state.q)) return true;
            return c.m.some((m) => m[0].toLowerCase().includes(state.q) ||
              m[1].some((v) => v !== null && v.toLowerCase().includes(state.q)));
          }

          function folded(value) {
            return value === null ? "" : value.toLowerCase().replace(/[^a-z0-9@]+/g, "");
          }

          function card(c) {
            const article = el("article", "cluster " + c.s + (c.a === "archive" ? " archive" : ""));
            article.id = c.i;
            article.dataset.status = c.s;
            article.dataset.action = c.a;
            const heading = el("h3");
            heading.append(el("span", "badge " + c.s, c.s), el("span", "badge action " + c.a, c.a),
              el("code", null, c.i), el("span", "confidence", "confidence " + c.c));
            article.append(heading);
            const table = el("table", "members");
            const head = el("tr");
            head.append(el("th", null, "Field"));
            for (const m of c.m) head.append(el("th", null, m[0]));
            head.append(el("th", null, c.a === "archive" ? "Archived record" : "Proposed record"));
            table.append(head);
            data.columns.forEach((column, j) => {
              const values = c.m.map((m) => m[1][j]);
              const proposed = c.p[j];
              if (!proposed && values.every((v) => v === null)) return;
              const row = el("tr");
              const distinct = new Set(values.filter((v) => v !== null).map(folded));
              if (c.m.length > 1 && (distinct.size > 1 || (distinct.size === 1 && values.includes(null)))) {
                row.className = "differs";
              }
              row.append(el("th", null, column));
              for (const v of values) row.append(el("td", "value", v));
              const cell = el("td", "proposed");
              if (proposed) {
                cell.append(document.createTextNode(proposed[0]));
                const from = [proposed[1], proposed[2]].filter((x) => x).join(" · ");
                if (from) cell.append(el("span", "from", from));
              }
              row.append(cell);
              table.append(row);
            });
            article.append(table);
            const reasons = el("ul", "reasons");
            for (const reason of c.r) reasons.append(el("li", null, reason));
            article.append(reasons);
            if (c.g) {
              const changes = el("ul", "changes");
              for (const line of c.g) changes.append(el("li", null, line));
              article.append(changes);
            }
            if (c.x.length) {
              const conflicts = el("ul", "conflicts");
              for (const x of c.x) conflicts.append(el("li", null, x[0] + ": " + x[1]));
              article.append(conflicts);
            }
            if (c.k) article.append(el("p", "carried", c.k));
            return article;
          }

          function render() {
            const list = data.clusters.filter(matches);
            const pages = Math.max(1, Math.ceil(list.length / pageSize));
            state.page = Math.min(state.page, pages - 1);
            const start = state.page * pageSize;
            const root = document.getElementById("cluster-list");
            root.replaceChildren(...list.slice(start, start + pageSize).map(card));
            root.dataset.total = String(list.length);
            root.dataset.filter = state.filter;
            document.getElementById("showing").textContent = list.length === 0 ? "No clusters match." :
              "Clusters " + (start + 1) + "–" + Math.min(list.length, start + pageSize) + " of " + list.length;
            for (const id of ["prev", "prev2"]) document.getElementById(id).disabled = state.page === 0;
            for (const id of ["next", "next2"]) document.getElementById(id).disabled = state.page >= pages - 1;
            for (const button of document.querySelectorAll(".filters button")) {
              button.classList.toggle("on", button.dataset.filter === state.filter);
            }
            const hash = "filter=" + state.filter + (state.page ? "&page=" + (state.page + 1) : "") +
              (state.q ? "&q=" + encodeURIComponent(state.q) : "");
            history.replaceState(null, "", "#" + hash);
          }

          for (const button of document.querySelectorAll(".filters button")) {
            button.addEventListener("click", () => { state.filter = button.dataset.filter; state.page = 0; render(); });
          }
          for (const id of ["prev", "prev2"]) {
            document.getElementById(id).addEventListener("click", () => { state.page -= 1; render(); document.getElementById("clusters").scrollIntoView(); });
          }
          for (const id of ["next", "next2"]) {
            document.getElementById(id).addEventListener("click", () => { state.page += 1; render(); document.getElementById("clusters").scrollIntoView(); });
          }
          let timer = null;
          search.addEventListener("input", () => {
            clearTimeout(timer);
            timer = setTimeout(() => { state.q = search.value.trim().toLowerCase(); state.page = 0; render(); }, 200);
          });
          render();
        })();

        """
}
