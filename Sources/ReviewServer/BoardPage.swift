/// The review board's page: one HTML document, its script and its style sheet, served by the
/// review server (no inline script or style: the Content-Security-Policy forbids them).
enum BoardPage {
    /// The document: a sticky header with the progress line and `#message`, the view, the re-link dialog.
    static let html = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="referrer" content="no-referrer">
        <title>scr review</title>
        <link rel="icon" href="data:,">
        <link rel="stylesheet" href="/board.css">
        <script src="/board.js" defer></script>
        </head>
        <body>
        <header class="top">
          <div class="bar">
            <h1>Review board</h1>
            <span id="plan-id" class="muted"></span>
            <p id="progress" aria-live="polite"></p>
          </div>
          <div id="message" role="status" aria-live="polite" hidden></div>
        </header>
        <main id="app">
          <p class="loading">Loading the review board…</p>
        </main>
        <dialog id="relink-dialog" aria-labelledby="relink-title">
          <h2 id="relink-title">Re-link a record into this client</h2>
          <p class="muted">Choose a record of another cluster: it leaves that cluster and joins this one.</p>
          <label for="relink-search">Search records</label>
          <input id="relink-search" type="search" autocomplete="off" spellcheck="false"
            placeholder="Name, key or value">
          <p id="relink-status" class="muted" aria-live="polite"></p>
          <ul id="relink-results" class="relink-results"></ul>
          <div class="dialog-actions">
            <button type="button" id="relink-close">Close</button>
          </div>
        </dialog>
        </body>
        </html>
        """#

    /// The script (`/board.js`): routing by `location.hash`, the board, a cluster, decisions.
    static let script = #"""
        "use strict";

        // scr review: the board's script. Plain DOM, no libraries. Every value from the plan or the inputs
        // goes in as a text node, or through setAttribute on a safe attribute: never as markup.

        const PAGE_SIZE = 50;
        const DEBOUNCE_MS = 250;
        const DEFAULTS = Object.freeze({ status: "all", reason: "", q: "", sort: "name", order: "asc", page: 1 });
        const STATUSES = [
            ["all", "All clusters"],
            ["review", "To review"],
            ["auto", "Automatic"],
            ["one-sided", "One side only"],
            ["archive", "Proposed for archive"],
            ["undecided", "Undecided"],
            ["changed", "Changed since the last commit"],
        ];
        const SORTS = ["name", "confidence", "status", "decision", "id"];
        const COLUMNS = [
            { key: "name", label: "Proposed client", sort: "name" },
            { key: "hq", label: "HQ record" },
            { key: "xpm", label: "XPM client" },
            { key: "org", label: "Xero organisation" },
            { key: "status", label: "Status", sort: "status" },
            { key: "confidence", label: "Confidence", sort: "confidence" },
            { key: "differs", label: "Fields that differ" },
            { key: "decision", label: "Decision", sort: "decision" },
        ];
        const SOURCE_LABELS = { hq: "HQ", xpm: "XPM" };
        const TYPING_TAGS = ["INPUT", "TEXTAREA", "SELECT"];
        const FIELD_ORDER = [
            "name", "firstName", "lastName", "businessStructure", "dateOfBirth", "taxNumber", "businessNumber",
            "companyNumber", "xeroOrganisationName", "xeroOrganisationID", "emails", "phones", "addresses", "website",
            "contacts", "groups", "relationships", "customFields", "notes", "archived",
        ];
        const FIELD_LABELS = {
            xeroOrganisationID: "Xero organisation ID",
            xeroOrganisationName: "Xero organisation",
            emails: "E-mail addresses",
            email: "E-mail address",
        };
        const ITEM_META = new Set(["from", "rule", "primary", "isPrimary", "kind", "id"]);
        const ITEM_ORDER = ["name", "position", "email", "phone", "mobile", "addressee", "salutation"];
        const SAFE_ATTRIBUTES = new Set([
            "class", "id", "type", "value", "disabled", "title", "for", "placeholder", "scope", "role", "tabindex",
            "autocomplete", "spellcheck", "colspan",
        ]);

        const state = {
            session: null,
            summary: null,
            view: "",
            params: { ...DEFAULTS },
            boardHash: "#/",
            boardSeq: 0,
            undecidedInView: 0,
            clusterId: "",
            detail: null,
            detailSeq: 0,
            base: { decision: "", split: "" },
            splitGroups: new Map(),
            result: null,
            busy: false,
        };
        const ui = {};

        // ---- DOM helpers ----

        function el(tag, attributes, ...children) {
            const node = document.createElement(tag);
            for (const [name, value] of Object.entries(attributes || {})) {
                if (value === null || value === undefined || value === false) continue;
                const key = name.toLowerCase();
                if (key === "href") {
                    const href = String(value);
                    if (!href.startsWith("#")) throw new Error(`refusing the link '${href}'`);
                    node.setAttribute("href", href);
                } else if (SAFE_ATTRIBUTES.has(key) || key.startsWith("data-") || key.startsWith("aria-")) {
                    node.setAttribute(key, value === true ? "" : String(value));
                } else {
                    throw new Error(`refusing the attribute '${name}'`);
                }
            }
            appendChildren(node, children);
            return node;
        }

        function appendChildren(node, children) {
            for (const child of children.flat(Infinity)) {
                if (child === null || child === undefined || child === false) continue;
                node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
            }
        }

        function on(node, type, handler) {
            node.addEventListener(type, handler);
            return node;
        }

        function byId(id) {
            return document.getElementById(id);
        }

        function chip(text, kind) {
            return el("span", { class: `chip ${kind}` }, text);
        }

        function debounce(fn, ms) {
            let timer = 0;
            const wrapped = (...args) => {
                clearTimeout(timer);
                timer = setTimeout(() => fn(...args), ms);
            };
            wrapped.cancel = () => clearTimeout(timer);
            return wrapped;
        }

        // ---- messages ----

        function showMessage(text) {
            const box = byId("message");
            box.textContent = text;
            box.className = "ok";
            box.setAttribute("role", "status");
            box.hidden = false;
        }

        function showError(text) {
            const box = byId("message");
            box.textContent = text;
            box.className = "error";
            box.setAttribute("role", "alert");
            box.hidden = false;
        }

        function clearMessage() {
            const box = byId("message");
            box.textContent = "";
            box.className = "";
            box.hidden = true;
        }

        // ---- the server ----

        class ApiError extends Error {
            constructor(status, body) {
                super(body && typeof body.error === "string" ? body.error : `The review server answered ${status}.`);
                this.status = status;
                this.body = body || {};
            }
        }

        async function api(method, path, body) {
            const init = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
            if (method !== "GET") {
                init.headers["Content-Type"] = "application/json";
                init.headers["X-CSRF-Token"] = state.session ? state.session.csrf : "";
                init.body = JSON.stringify(body || {});
            }
            let response;
            try {
                response = await fetch(path, init);
            } catch (error) {
                throw new ApiError(0, { error: "The review server cannot be reached: is scr review still running?" });
            }
            let data = null;
            try {
                data = await response.json();
            } catch (error) {
                data = null;
            }
            if (!response.ok) throw new ApiError(response.status, data);
            return data;
        }

        function query(fields) {
            const search = new URLSearchParams();
            for (const [key, value] of Object.entries(fields)) search.set(key, String(value));
            return search.toString();
        }

        function filterQuery(params, extra) {
            return query({ status: params.status, reason: params.reason, q: params.q, ...extra });
        }

        // ---- formatting ----

        function percent(value) {
            if (typeof value !== "number" || Number.isNaN(value)) return "-";
            let rounded = Math.round(value * 100);
            if (rounded === 100 && value < 1) rounded = 99;
            return `${rounded}%`;
        }

        function scalarText(value) {
            if (value === null || value === undefined) return "";
            if (typeof value === "boolean") return value ? "yes" : "no";
            const text = String(value);
            const midnight = /^(\d{4}-\d{2}-\d{2})T00:00:00(\.0+)?Z?$/.exec(text);
            return midnight ? midnight[1] : text;
        }

        function humanize(key) {
            if (FIELD_LABELS[key]) return FIELD_LABELS[key];
            const words = String(key)
                .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
                .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
                .replace(/[-_/]/g, " ")
                .split(/\s+/)
                .filter(Boolean)
                .map((word) => (/^[A-Z0-9]{2,}$/.test(word) ? word : word.toLowerCase()))
                .join(" ");
            return words.charAt(0).toUpperCase() + words.slice(1);
        }

        function ruleText(rule) {
            return rule ? String(rule).replace(/-/g, " ") : "";
        }

        function fromText(from) {
            if (!from) return "";
            const list = Array.isArray(from) ? from : [from];
            return list
                .filter((item) => item && typeof item === "object")
                .map((item) => `${item.source}:${item.key}`)
                .join(", ");
        }

        function sourceLabel(source) {
            return SOURCE_LABELS[source] || String(source || "").toUpperCase();
        }

        function itemText(item) {
            if (item === null || typeof item !== "object") return scalarText(item);
            if (Array.isArray(item)) return item.map(itemText).filter(Boolean).join("; ");
            const extras = [];
            if (item.kind) extras.push(String(item.kind));
            if (item.primary === true || item.isPrimary === true) extras.push("primary");
            const suffix = extras.length ? ` (${extras.join(", ")})` : "";
            if ("value" in item && (item.value === null || typeof item.value !== "object")) {
                return scalarText(item.value) + suffix;
            }
            if (Array.isArray(item.values)) {
                return item.values
                    .map((entry) =>
                        entry && typeof entry === "object" && "name" in entry
                            ? `${entry.name}: ${scalarText(entry.value)}`
                            : itemText(entry)
                    )
                    .join("; ");
            }
            if ("lines" in item || "city" in item || "postcode" in item) {
                const lines = scalarText(item.lines).split(/\r?\n/).filter(Boolean).join(", ");
                const regionLine = [item.region, item.postcode].filter(Boolean).join(" ");
                const parts = [lines, scalarText(item.city), regionLine, scalarText(item.country)].filter(Boolean);
                return parts.join(", ") + suffix;
            }
            const keys = Object.keys(item).filter((key) => !ITEM_META.has(key));
            keys.sort((a, b) => rank(ITEM_ORDER, a) - rank(ITEM_ORDER, b));
            const parts = [];
            for (const key of keys) {
                const value = item[key];
                if (value === null || value === undefined || value === "" || typeof value === "object") continue;
                if (typeof value === "boolean") {
                    if (value) extras.push(humanize(key).toLowerCase());
                    continue;
                }
                parts.push(scalarText(value));
            }
            if (!parts.length && item.id !== undefined) parts.push(scalarText(item.id));
            return parts.join(", ") + (extras.length ? ` (${extras.join(", ")})` : "");
        }

        function rank(order, key) {
            const index = order.indexOf(key);
            return index < 0 ? order.length : index;
        }

        // ---- split text ----

        function quoteReference(reference) {
            const text = String(reference);
            if (/[ \t|]/.test(text) || text.startsWith('"')) return `"${text.replace(/"/g, '""')}"`;
            return text;
        }

        function splitText(groups) {
            return groups
                .filter((group) => group.length)
                .map((group) => group.map(quoteReference).join(" "))
                .join(" | ");
        }

        function parseSplit(text) {
            const source = String(text || "");
            const groups = [[]];
            let index = 0;
            while (index < source.length) {
                const char = source[index];
                if (char === " " || char === "\t" || char === "\r" || char === "\n") {
                    index += 1;
                } else if (char === "|") {
                    groups.push([]);
                    index += 1;
                } else {
                    let reference = "";
                    if (char === '"') {
                        index += 1;
                        while (index < source.length) {
                            if (source[index] === '"') {
                                if (source[index + 1] === '"') {
                                    reference += '"';
                                    index += 2;
                                    continue;
                                }
                                index += 1;
                                break;
                            }
                            reference += source[index];
                            index += 1;
                        }
                    } else {
                        while (index < source.length && !" \t\r\n|".includes(source[index])) {
                            reference += source[index];
                            index += 1;
                        }
                    }
                    groups[groups.length - 1].push(reference);
                }
            }
            return groups.filter((group) => group.length);
        }

        // ---- routing ----

        function clusterHash(id) {
            return `#/cluster/${encodeURIComponent(id)}`;
        }

        function boardHash(params) {
            const search = new URLSearchParams();
            for (const key of Object.keys(DEFAULTS)) {
                if (params[key] !== DEFAULTS[key] && params[key] !== undefined) search.set(key, String(params[key]));
            }
            const text = search.toString();
            return text ? `#/?${text}` : "#/";
        }

        function parseRoute() {
            const hash = location.hash || "#/";
            const match = /^#\/cluster\/([^?]+)/.exec(hash);
            if (match) {
                try {
                    return { view: "cluster", id: decodeURIComponent(match[1]) };
                } catch (error) {
                    return { view: "cluster", id: match[1] };
                }
            }
            const at = hash.indexOf("?");
            const search = new URLSearchParams(at >= 0 ? hash.slice(at + 1) : "");
            const params = { ...DEFAULTS };
            for (const key of ["status", "reason", "q", "sort", "order"]) {
                if (search.has(key)) params[key] = search.get(key);
            }
            const page = Number.parseInt(search.get("page") || "", 10);
            if (page >= 1) params.page = page;
            if (!STATUSES.some(([value]) => value === params.status)) params.status = DEFAULTS.status;
            if (!SORTS.includes(params.sort)) params.sort = DEFAULTS.sort;
            if (params.order !== "asc" && params.order !== "desc") params.order = DEFAULTS.order;
            return { view: "board", params };
        }

        function route() {
            clearMessage();
            const target = parseRoute();
            if (byId("relink-dialog").open) byId("relink-dialog").close();
            if (target.view === "cluster") {
                showCluster(target.id);
            } else {
                state.boardHash = boardHash(target.params);
                if (location.hash !== state.boardHash) history.replaceState(null, "", state.boardHash);
                showBoard(target.params);
            }
        }

        function navigateBoard(changes, replace) {
            const hash = boardHash({ ...state.params, ...changes });
            if (replace) {
                history.replaceState(null, "", hash);
                route();
            } else if (location.hash === hash) {
                route();
            } else {
                location.hash = hash;
            }
        }

        // ---- summary, progress, confirm and commit ----

        function canConfirm() {
            const summary = state.summary || {};
            return summary.canConfirm !== undefined ? Boolean(summary.canConfirm) : Boolean(state.session?.canConfirm);
        }

        function canCommit() {
            const summary = state.summary || {};
            return summary.canCommit !== undefined ? Boolean(summary.canCommit) : Boolean(state.session?.canCommit);
        }

        function renderSummary() {
            const summary = state.summary;
            if (!summary) return;
            byId("progress").textContent = `${summary.reviewDecided} of ${summary.review} review clusters decided`;
            byId("plan-id").textContent = summary.planId ? `plan ${summary.planId}` : "";
            if (ui.confirm && ui.confirm.isConnected) {
                const ready = summary.undecided === 0 && canConfirm();
                ui.confirm.disabled = !ready || state.busy;
                ui.confirm.title = !canConfirm()
                    ? "scr review was started without --key: confirm with scr confirm instead."
                    : summary.undecided === 0
                      ? "Sign the decisions so that they can be committed."
                      : `${summary.undecided} cluster(s) are still undecided.`;
                ui.commit.hidden = !canCommit();
                ui.commit.disabled = !summary.confirmed || state.busy;
                ui.commit.title = summary.confirmed
                    ? "Write the confirmed plan into the store."
                    : "Confirm the plan first.";
                renderReasons();
                renderResult();
            }
        }

        function renderResult() {
            if (!ui.result || !ui.result.isConnected) return;
            const summary = state.summary || {};
            let result = state.result;
            if (!result && summary.committed && typeof summary.committed === "object") {
                result = {
                    kind: "committed", title: "This plan has been committed to the store.", entries: summary.committed,
                };
            } else if (!result && summary.confirmed) {
                result = { kind: "confirmed", title: "The plan is confirmed for the current decisions." };
            }
            if (!result) {
                ui.result.replaceChildren();
                ui.result.hidden = true;
                ui.result.removeAttribute("data-result");
                return;
            }
            const children = [el("p", { class: "result-title" }, result.title)];
            if (result.text) children.push(el("p", {}, result.text));
            const entries = Object.entries(result.entries || {});
            if (entries.length) {
                children.push(
                    el(
                        "dl",
                        { class: "kv" },
                        entries.map(([key, value]) => [
                            el("dt", {}, humanize(key)),
                            el("dd", {}, value !== null && typeof value === "object"
                                ? JSON.stringify(value) : scalarText(value)),
                        ])
                    )
                );
            }
            ui.result.replaceChildren(...children);
            ui.result.className = result.kind === "error" ? "result error" : "result";
            ui.result.setAttribute("data-result", result.kind);
            ui.result.hidden = false;
        }

        async function confirmPlan() {
            if (state.busy) return;
            setBusy(true);
            try {
                const answer = await api("POST", "/api/confirm", {});
                if (answer.summary) state.summary = answer.summary;
                state.result = {
                    kind: "confirm",
                    title: "The plan is confirmed.",
                    entries: { plan: answer.planId, signedBy: answer.signer, decisions: answer.decisions },
                };
                showMessage("The plan is confirmed.");
            } catch (error) {
                if (error.body.summary) state.summary = error.body.summary;
                state.result = { kind: "error", title: "The plan could not be confirmed.", text: error.message };
                showError(error.message);
            } finally {
                setBusy(false);
                renderSummary();
                renderResult();
            }
        }

        async function commitPlan() {
            if (state.busy) return;
            setBusy(true);
            try {
                const answer = await api("POST", "/api/commit", {});
                if (answer.summary) state.summary = answer.summary;
                state.result = { kind: "commit", title: "Committed to the store.", entries: answer.result || {} };
                showMessage("The plan is committed to the store.");
            } catch (error) {
                if (error.body.summary) state.summary = error.body.summary;
                state.result = { kind: "error", title: "The commit was refused.", text: error.message };
                showError(error.message);
            } finally {
                setBusy(false);
                renderSummary();
                renderResult();
            }
        }

        function setBusy(busy) {
            state.busy = busy;
            const ids = [
                "bulk-accept", "confirm", "commit", "accept", "reject", "split", "relink", "clear", "split-save",
            ];
            for (const id of ids) {
                const button = byId(id);
                if (!button) continue;
                if (busy) {
                    button.setAttribute("data-was-disabled", button.disabled ? "1" : "0");
                    button.disabled = true;
                } else if (button.hasAttribute("data-was-disabled")) {
                    button.disabled = button.getAttribute("data-was-disabled") === "1";
                    button.removeAttribute("data-was-disabled");
                }
            }
            for (const button of document.querySelectorAll("button.take-out, button.group")) button.disabled = busy;
        }

        // ---- the board ----

        function showBoard(params) {
            state.params = params;
            if (state.view !== "board") buildBoard();
            state.view = "board";
            syncControls();
            loadBoard();
        }

        function buildBoard() {
            state.result = state.result && state.result.kind === "error" ? null : state.result;
            ui.bulk = on(
                el("button", { id: "bulk-accept", type: "button", disabled: true }, "Accept all undecided"),
                "click",
                bulkAccept
            );
            ui.confirm = on(
                el("button", { id: "confirm", type: "button", class: "primary", disabled: true }, "Confirm"),
                "click",
                confirmPlan
            );
            ui.commit = on(
                el("button", { id: "commit", type: "button", class: "primary", disabled: true }, "Commit"),
                "click",
                commitPlan
            );
            ui.commit.hidden = true;
            ui.result = el("section", { id: "result", class: "result", "aria-live": "polite" });
            ui.result.hidden = true;

            ui.status = el(
                "select",
                { id: "status-filter" },
                STATUSES.map(([value, label]) => el("option", { value }, label))
            );
            on(ui.status, "change", () => navigateBoard({ status: ui.status.value, page: 1 }));
            ui.reason = el("select", { id: "reason-filter" }, el("option", { value: "" }, "any reason"));
            on(ui.reason, "change", () => navigateBoard({ reason: ui.reason.value, page: 1 }));
            ui.search = el("input", {
                id: "search",
                type: "search",
                placeholder: "Name, key or value",
                autocomplete: "off",
                spellcheck: "false",
            });
            const searchLater = debounce(
                () => navigateBoard({ q: ui.search.value.trim(), page: 1 }, true),
                DEBOUNCE_MS
            );
            on(ui.search, "input", searchLater);

            ui.headers = COLUMNS.map((column) => {
                if (!column.sort) return el("th", { scope: "col", class: column.key }, column.label);
                const button = el("button", { type: "button", class: "sort", "data-sort": column.sort }, column.label);
                on(button, "click", () => {
                    const same = state.params.sort === column.sort;
                    const order = same && state.params.order === "asc" ? "desc" : "asc";
                    navigateBoard({ sort: column.sort, order, page: 1 });
                });
                return el("th", { scope: "col", class: column.key, "data-sort": column.sort }, button);
            });
            ui.body = el("tbody", {});
            ui.board = el("table", { id: "board", class: "grid" }, el("thead", {}, el("tr", {}, ui.headers)), ui.body);
            ui.prev = on(el("button", { id: "prev-page", type: "button", disabled: true }, "Previous"), "click", () =>
                navigateBoard({ page: Math.max(1, state.params.page - 1) })
            );
            ui.next = on(el("button", { id: "next-page", type: "button", disabled: true }, "Next"), "click", () =>
                navigateBoard({ page: state.params.page + 1 })
            );
            ui.pageInfo = el("span", { id: "page-info" }, "");

            const view = el(
                "section",
                { class: "board-view", "aria-label": "Connections board" },
                el(
                    "div",
                    { class: "toolbar" },
                    el("div", { class: "filters" },
                        el("label", { for: "status-filter" }, "Show"), ui.status,
                        el("label", { for: "reason-filter" }, "Reason"), ui.reason,
                        el("label", { for: "search" }, "Search"), ui.search),
                    el("div", { class: "actions" }, ui.bulk, ui.confirm, ui.commit)
                ),
                ui.result,
                el("div", { class: "table-wrap" }, ui.board),
                el("nav", { class: "pager", "aria-label": "Pages" }, ui.prev, ui.pageInfo, ui.next)
            );
            byId("app").replaceChildren(view);
            renderSummary();
        }

        function syncControls() {
            const params = state.params;
            ui.status.value = params.status;
            ensureReasonOption(params.reason);
            ui.reason.value = params.reason;
            if (document.activeElement !== ui.search && ui.search.value.trim() !== params.q) ui.search.value = params.q;
            for (const header of ui.headers) {
                const key = header.getAttribute("data-sort");
                if (!key) continue;
                const active = key === params.sort;
                const direction = params.order === "asc" ? "ascending" : "descending";
                header.setAttribute("aria-sort", active ? direction : "none");
                header.classList.toggle("sorted", active);
                header.classList.toggle("desc", active && params.order === "desc");
            }
        }

        function ensureReasonOption(reason) {
            if (!reason) return;
            for (const option of ui.reason.options) if (option.value === reason) return;
            ui.reason.appendChild(el("option", { value: reason }, reason));
        }

        function renderReasons() {
            if (!ui.reason || !ui.reason.isConnected) return;
            const reasons = (state.summary && state.summary.reasons) || [];
            const options = [el("option", { value: "" }, "any reason")];
            for (const entry of reasons) {
                const text = typeof entry === "string" ? entry : entry.reason;
                const count = typeof entry === "object" && entry.clusters !== undefined ? ` (${entry.clusters})` : "";
                options.push(el("option", { value: text }, text + count));
            }
            ui.reason.replaceChildren(...options);
            ensureReasonOption(state.params.reason);
            ui.reason.value = state.params.reason;
        }

        async function loadBoard() {
            const seq = ++state.boardSeq;
            const params = state.params;
            const listQuery = query({
                status: params.status, reason: params.reason, q: params.q, sort: params.sort, order: params.order,
                page: params.page, size: PAGE_SIZE,
            });
            ui.board.setAttribute("aria-busy", "true");
            try {
                const [list, count, summary] = await Promise.all([
                    api("GET", `/api/clusters?${listQuery}`),
                    api("GET", `/api/clusters?${filterQuery(params, { undecided: 1, size: 1 })}`),
                    api("GET", "/api/summary"),
                ]);
                if (seq !== state.boardSeq || state.view !== "board") return;
                state.summary = summary;
                state.undecidedInView = count.total;
                if (list.pages > 0 && params.page > list.pages) {
                    navigateBoard({ page: list.pages }, true);
                    return;
                }
                renderSummary();
                renderRows(list);
                renderBulk();
                ui.board.setAttribute("data-view", boardHash(params));
                ui.board.setAttribute("aria-busy", "false");
            } catch (error) {
                if (seq !== state.boardSeq) return;
                ui.board.setAttribute("aria-busy", "false");
                showError(error.message);
            }
        }

        function renderBulk() {
            const count = state.undecidedInView || 0;
            ui.bulk.textContent = `Accept all ${count} undecided in this view`;
            ui.bulk.disabled = count === 0 || state.busy;
        }

        function renderRows(list) {
            const rows = (list.clusters || []).map(boardRow);
            if (!rows.length) {
                const cell = el("td", { colspan: COLUMNS.length }, "No cluster matches this view.");
                rows.push(el("tr", { class: "empty" }, cell));
            }
            ui.body.replaceChildren(...rows);
            const pages = Math.max(1, list.pages || 0);
            const page = Math.min(list.page || state.params.page, pages);
            const total = list.total || 0;
            ui.pageInfo.textContent = `page ${page} of ${pages} · ${total} ${total === 1 ? "cluster" : "clusters"}`;
            ui.prev.disabled = page <= 1;
            ui.next.disabled = page >= pages;
        }

        function clusterName(row) {
            const names = (row.names || []).filter(Boolean);
            return row.name || names[0] || "(no name)";
        }

        function keyList(keys) {
            const list = (keys || []).filter((key) => key !== null && key !== undefined && key !== "");
            if (!list.length) return "-";
            return list.map((key) => el("span", { class: "key", title: String(key) }, String(key)));
        }

        function statusChips(row) {
            const chips = [];
            if (row.status === "review") chips.push(chip("review", "review"));
            else if (row.status === "auto") chips.push(chip("automatic", "auto"));
            else if (row.status) chips.push(chip(String(row.status), "other"));
            if (row.oneSided) chips.push(chip("one side only", "one-sided"));
            if (row.action === "archive") chips.push(chip("proposed for archive", "archive"));
            const moved = (row.movedOut || []).length;
            if (moved) chips.push(chip(`${moved} re-linked away`, "moved"));
            return chips;
        }

        function decisionChip(decision, split) {
            if (!decision) return chip("undecided", "undecided");
            const parts = [chip(decision, `decided ${decision}`)];
            if (split) parts.push(el("div", { class: "split-text" }, split));
            return parts;
        }

        function boardRow(row) {
            const name = clusterName(row);
            const others = (row.names || []).filter((text) => text && text !== name);
            return el(
                "tr",
                { "data-cluster": row.id, "data-decision": row.decision || "" },
                el(
                    "td",
                    { class: "name" },
                    el("a", { class: "cluster-link", href: clusterHash(row.id) }, name),
                    others.length ? el("div", { class: "aka" }, `also: ${others.join(" · ")}`) : null
                ),
                el("td", { class: "hq keys" }, keyList(row.hq)),
                el("td", { class: "xpm keys" }, keyList(row.xpm)),
                el("td", { class: "org" }, row.organisation || "-"),
                el("td", { class: "status" }, statusChips(row)),
                el("td", { class: "confidence" }, percent(row.confidence)),
                el("td", { class: "differs" }, (row.differs || []).length ? row.differs.map(humanize).join(", ") : "-"),
                el("td", { class: "decision" }, decisionChip(row.decision, row.split))
            );
        }

        function describeFilter(params) {
            const parts = [];
            const status = STATUSES.find(([value]) => value === params.status);
            if (params.status !== "all" && status) parts.push(status[1].toLowerCase());
            if (params.reason) parts.push(`reason "${params.reason}"`);
            if (params.q) parts.push(`matching "${params.q}"`);
            return parts.length ? parts.join(", ") : "all clusters";
        }

        async function bulkAccept() {
            if (state.busy) return;
            const params = state.params;
            setBusy(true);
            try {
                const count = await api("GET", `/api/clusters?${filterQuery(params, { undecided: 1, size: 1 })}`);
                const total = count.total || 0;
                if (!total) {
                    showMessage("Every cluster in this view is already decided.");
                    return;
                }
                const what = total === 1 ? "1 undecided cluster" : `${total} undecided clusters`;
                const question =
                    `Accept ${what} in this view (${describeFilter(params)})? ` +
                    "Each one is written as \"accept\" in decisions.csv; you can still change any of them afterwards.";
                if (!window.confirm(question)) return;
                const answer = await api("POST", "/api/bulk-accept", {
                    status: params.status, reason: params.reason, q: params.q, expected: total,
                });
                if (answer.summary) state.summary = answer.summary;
                const accepted = answer.accepted ?? total;
                showMessage(`Accepted ${accepted} ${accepted === 1 ? "cluster" : "clusters"}.`);
            } catch (error) {
                if (error.body.summary) state.summary = error.body.summary;
                showError(error.message);
            } finally {
                setBusy(false);
                if (state.view === "board") {
                    renderSummary();
                    loadBoard();
                }
            }
        }

        // ---- a cluster ----

        function showCluster(id) {
            state.view = "cluster";
            state.clusterId = id;
            state.detail = null;
            for (const key of Object.keys(ui)) delete ui[key];
            byId("app").replaceChildren(el("p", { class: "loading" }, "Loading the cluster…"));
            loadCluster(id, true);
        }

        async function loadCluster(id, withSummary) {
            const seq = ++state.detailSeq;
            try {
                const requests = [api("GET", `/api/clusters/${encodeURIComponent(id)}`)];
                if (withSummary) requests.push(api("GET", "/api/summary"));
                const [detail, summary] = await Promise.all(requests);
                if (seq !== state.detailSeq || state.view !== "cluster" || state.clusterId !== id) return;
                state.detail = detail;
                if (summary) state.summary = summary;
                renderSummary();
                renderCluster();
            } catch (error) {
                if (seq !== state.detailSeq || state.view !== "cluster") return;
                if (state.detail) {
                    renderCluster();
                    showError(error.message);
                    return;
                }
                showError(error.status === 404 ? `There is no cluster '${id}' in this plan.` : error.message);
                byId("app").replaceChildren(
                    el("div", { class: "cluster-nav" }, backButton()),
                    el("p", { class: "loading" }, "This cluster could not be loaded.")
                );
            }
        }

        function backButton() {
            return on(el("button", { id: "back", type: "button" }, "← Back to the board"), "click", goBack);
        }

        function goBack() {
            location.hash = state.boardHash || "#/";
        }

        function goTo(id, which) {
            if (id) location.hash = clusterHash(id);
            else showMessage(`This is the ${which} review cluster.`);
        }

        function proposedName(detail) {
            const record = (detail.cluster && detail.cluster.record) || {};
            const value = (field) => (field && typeof field === "object" ? field.value : field) || "";
            const name = value(record.name);
            if (name) return String(name);
            const person = [value(record.firstName), value(record.lastName)].filter(Boolean).join(" ");
            if (person) return person;
            const member = (detail.members || []).find((item) => item.name);
            return member ? member.name : "(no name)";
        }

        function renderCluster() {
            const detail = state.detail;
            const cluster = detail.cluster || {};
            const id = cluster.id || state.clusterId;
            const decision = detail.decision || {};
            state.base = { decision: decision.decision || "", split: decision.split || "" };
            const members = detail.members || [];
            state.splitGroups = new Map(members.map((member) => [member.reference, 1]));

            const sources = new Set(members.map((member) => member.source));
            const row = {
                status: cluster.status,
                action: cluster.action,
                oneSided: members.length > 0 && sources.size === 1,
                movedOut: (detail.movedOut || []).map((item) => item.reference),
            };
            const current = state.base.decision;
            let decisionText = current || "undecided";
            if (current && state.base.split) decisionText = `${current}: ${state.base.split}`;

            const nav = el(
                "div",
                { class: "cluster-nav" },
                backButton(),
                detail.previous
                    ? el("a", { id: "prev-cluster", href: clusterHash(detail.previous) }, "← previous")
                    : el("span", { id: "prev-cluster", class: "nav-off", "aria-disabled": "true" }, "← previous"),
                detail.next
                    ? el("a", { id: "next-cluster", href: clusterHash(detail.next) }, "next →")
                    : el("span", { id: "next-cluster", class: "nav-off", "aria-disabled": "true" }, "next →"),
                el("span", { class: "hint" },
                    "Keys: a accept · r reject · n or j next · p or k previous · Esc back to the board")
            );

            const heading = el(
                "div",
                { class: "cluster-head" },
                el("h2", { id: "cluster-name" }, proposedName(detail)),
                el(
                    "div",
                    { class: "cluster-meta" },
                    statusChips(row),
                    el("span", { class: "meta-item" }, "confidence ", el("strong", {}, percent(cluster.confidence))),
                    el("span", { class: "meta-item" }, "decision ",
                        el("strong", { id: "cluster-decision", class: current ? "" : "undecided" }, decisionText)),
                    el("span", { class: "meta-item muted" }, id)
                )
            );

            const action = (idName, label, title, handler, pressed, disabled) =>
                on(
                    el("button", {
                        id: idName, type: "button", title, disabled: disabled || state.busy,
                        "aria-pressed": pressed === undefined ? undefined : String(pressed),
                    }, label),
                    "click",
                    handler
                );
            const actions = el(
                "div",
                { class: "cluster-actions" },
                action("accept", "Accept", "Accept the proposal (a)", () => decide("accept"), current === "accept"),
                action("reject", "Reject (keep every record apart)", "Keep every record apart (r)",
                    () => decide("reject"), current === "reject"),
                action("split", "Split…", "Divide the records into groups", toggleSplitPanel, current === "split",
                    members.length < 2),
                action("relink", "Re-link…", "Bring a record of another cluster into this one", openRelink,
                    current === "relink"),
                action("clear", "Clear decision", "Back to undecided", () => decide(""), undefined, !current)
            );

            const sections = [nav, heading, actions, splitPanel(members)];
            const notes = movedNotes(detail);
            if (notes) sections.push(notes);
            sections.push(
                el("section", { class: "panel" },
                    el("h3", {}, "Why these records were grouped"), reasonsList(cluster.reasons)),
                ...(cluster.changes ? [el("section", { class: "panel", id: "changes" },
                    el("h3", {}, "Changes since the last commit"), changesList(cluster.changes))] : []),
                el("section", { class: "panel" }, el("h3", {}, "The records side by side"), membersTable(members)),
                el("section", { class: "panel" },
                    el("h3", {}, "The proposed client record"), recordTable(cluster.record))
            );
            const conflicts = cluster.conflicts || [];
            if (conflicts.length) {
                sections.push(el("section", { class: "panel" }, el("h3", {}, "Conflicts"), conflictsTable(conflicts)));
            }
            byId("app").replaceChildren(
                el("article", { id: "cluster", "data-cluster": id, "data-decision": current }, sections)
            );
        }

        // A cluster's changes since the store's last commit, one plain line each (as report.html
        // lists them).
        function changesList(changes) {
            const quoted = (value) => (value === undefined || value === null ? "(none)" : `"${value}"`);
            const lines = [];
            if ((changes.newRecords || []).length) lines.push("New: " + changes.newRecords.join(", "));
            if ((changes.joined || []).length) {
                lines.push("New, joining a committed client: " + changes.joined.join(", "));
            }
            if ((changes.missingRecords || []).length) {
                lines.push("Missing from the exports: " + changes.missingRecords.join(", "));
            }
            for (const record of changes.changedRecords || []) {
                lines.push(`Changed since committed: ${record.record} (${record.fields.join(", ")})`);
            }
            for (const reason of changes.reopened || []) lines.push("Re-opened: " + reason.replace(/^re-opened: /, ""));
            for (const field of changes.fields || []) {
                lines.push(`${changes.client} would change: ${field.field}: ${quoted(field.old)} → ${quoted(field.new)}`);
            }
            return el("ul", { class: "changes" }, lines.map((line) => el("li", {}, line)));
        }

        function reasonsList(reasons) {
            const list = (reasons || []).filter(Boolean);
            if (!list.length) return el("p", { class: "muted" }, "No reasons given.");
            return el("ul", { class: "reasons" }, list.map((reason) => el("li", {}, reason)));
        }

        function movedNotes(detail) {
            const out = detail.movedOut || [];
            const into = detail.movedIn || [];
            if (!out.length && !into.length) return null;
            const items = [];
            for (const item of out) {
                items.push(el("li", {}, `${item.reference} is re-linked into another client: `,
                    el("a", { href: clusterHash(item.to) }, item.to)));
            }
            for (const item of into) {
                items.push(el("li", {}, `${item.reference} is brought in from `,
                    el("a", { href: clusterHash(item.from) }, item.from)));
            }
            return el("section", { class: "panel moved" }, el("h3", {}, "Re-linked records"), el("ul", {}, items));
        }

        function membersTable(members) {
            if (!members.length) return el("p", { class: "muted" }, "This cluster has no records.");
            const labels = [];
            const seen = new Set();
            const valuesByMember = members.map((member) => {
                const values = new Map();
                for (const pair of member.fields || []) {
                    const label = String(pair[0]);
                    const value = pair[1] === null || pair[1] === undefined ? "" : scalarText(pair[1]);
                    if (!seen.has(label)) {
                        seen.add(label);
                        labels.push(label);
                    }
                    const earlier = values.get(label);
                    values.set(label, earlier ? (value ? `${earlier}; ${value}` : earlier) : value);
                }
                return values;
            });
            const header = el(
                "tr",
                {},
                el("th", { scope: "col", class: "field" }, "Field"),
                members.map((member) =>
                    el(
                        "th",
                        { scope: "col", "data-member": member.reference },
                        el("div", { class: "member-source" }, `${sourceLabel(member.source)} `,
                            el("span", { class: "key" }, member.key)),
                        el("div", { class: "member-name" }, member.name || "(no name)"),
                        members.length > 1
                            ? on(
                                el("button", {
                                    type: "button", class: "take-out", "data-member": member.reference,
                                    title: "Keep this record apart and accept the others together",
                                    disabled: state.busy,
                                }, "Take out"),
                                "click",
                                () => takeOut(member.reference)
                            )
                            : null
                    )
                )
            );
            const rows = labels.map((label) => {
                const values = valuesByMember.map((values) => values.get(label) || "");
                const distinct = new Set(values.map((value) => value.trim()).filter(Boolean));
                return el(
                    "tr",
                    { class: distinct.size > 1 ? "differs" : "" },
                    el("th", { scope: "row", class: "field" }, label),
                    values.map((value) => el("td", {}, value || "—"))
                );
            });
            return el("div", { class: "table-wrap" },
                el("table", { id: "members", class: "grid members" }, el("thead", {}, header), el("tbody", {}, rows)));
        }

        function recordTable(record) {
            const keys = Object.keys(record || {});
            keys.sort((a, b) => rank(FIELD_ORDER, a) - rank(FIELD_ORDER, b));
            const rows = [];
            const addRow = (label, value, from, rule, continued) =>
                rows.push(
                    el(
                        "tr",
                        { class: continued ? "continued" : "" },
                        el("th", { scope: "row", class: "field" }, label),
                        el("td", { class: "value" }, value === "" ? "—" : value),
                        el("td", { class: "from" }, from),
                        el("td", { class: "rule" }, ruleText(rule))
                    )
                );
            for (const key of keys) {
                const value = record[key];
                const label = humanize(key);
                if (value === null || value === undefined) continue;
                if (Array.isArray(value)) {
                    value.forEach((item, index) =>
                        addRow(index === 0 ? label : "", itemText(item), fromText(item && item.from), item && item.rule,
                            index > 0)
                    );
                } else if (typeof value === "object") {
                    const text = "value" in value && (value.value === null || typeof value.value !== "object")
                        ? scalarText(value.value)
                        : itemText(value);
                    addRow(label, text, fromText(value.from), value.rule, false);
                } else {
                    addRow(label, scalarText(value), "", "", false);
                }
            }
            if (!rows.length) return el("p", { class: "muted" }, "No proposed record.");
            return el(
                "div",
                { class: "table-wrap" },
                el(
                    "table",
                    { id: "record", class: "grid record" },
                    el("thead", {}, el("tr", {},
                        el("th", { scope: "col" }, "Field"), el("th", { scope: "col" }, "Value"),
                        el("th", { scope: "col" }, "From"), el("th", { scope: "col" }, "Rule"))),
                    el("tbody", {}, rows)
                )
            );
        }

        function conflictsTable(conflicts) {
            return el(
                "table",
                { id: "conflicts", class: "grid conflicts" },
                el("thead", {}, el("tr", {},
                    el("th", { scope: "col" }, "Field"), el("th", { scope: "col" }, "Values"),
                    el("th", { scope: "col" }, "Resolution"))),
                el(
                    "tbody",
                    {},
                    conflicts.map((conflict) =>
                        el(
                            "tr",
                            {},
                            el("th", { scope: "row", class: "field" }, humanize(conflict.field || "")),
                            el("td", {}, el("ul", { class: "values" }, (conflict.values || []).map((entry) =>
                                el("li", {}, itemText(entry && typeof entry === "object" ? entry.value : entry),
                                    el("span", { class: "from" }, ` ${fromText(entry && entry.from)}`))
                            ))),
                            el("td", {}, ruleText(conflict.resolution))
                        )
                    )
                )
            );
        }

        function splitPanel(members) {
            const count = members.length;
            const rows = members.map((member) => {
                const buttons = [];
                for (let group = 1; group <= count; group += 1) {
                    const button = el("button", {
                        type: "button", class: group === 1 ? "group selected" : "group",
                        "data-member": member.reference, "data-group": group, "aria-pressed": String(group === 1),
                        title: `Put this record into group ${group}`,
                    }, String(group));
                    on(button, "click", () => chooseGroup(member.reference, group));
                    buttons.push(button);
                }
                return el("tr", {},
                    el("th", { scope: "row" }, el("div", { class: "member-name" }, member.name || "(no name)"),
                        el("div", { class: "key" }, member.reference)),
                    el("td", { class: "groups" }, buttons));
            });
            const panel = el(
                "section",
                { id: "split-panel", class: "panel split-panel", "aria-label": "Split" },
                el("h3", {}, "Split into groups"),
                el("p", { class: "muted" },
                    "Records in the same group become one client; each group becomes its own client."),
                el("table", { class: "grid split" }, el("tbody", {}, rows)),
                el("div", { class: "split-actions" },
                    on(el("button", { id: "split-save", type: "button", class: "primary" }, "Save the split"),
                        "click", saveSplit),
                    on(el("button", { id: "split-cancel", type: "button" }, "Cancel"), "click", () => {
                        byId("split-panel").hidden = true;
                    }))
            );
            panel.hidden = true;
            return panel;
        }

        function toggleSplitPanel() {
            const panel = byId("split-panel");
            if (!panel) return;
            panel.hidden = !panel.hidden;
            if (!panel.hidden) panel.scrollIntoView({ block: "nearest" });
        }

        function chooseGroup(reference, group) {
            state.splitGroups.set(reference, group);
            for (const button of document.querySelectorAll("#split-panel button.group")) {
                if (button.getAttribute("data-member") !== reference) continue;
                const selected = Number(button.getAttribute("data-group")) === group;
                button.classList.toggle("selected", selected);
                button.setAttribute("aria-pressed", String(selected));
            }
        }

        function saveSplit() {
            const members = (state.detail && state.detail.members) || [];
            const groups = [];
            for (let group = 1; group <= members.length; group += 1) {
                const references = members.map((member) => member.reference);
                groups.push(references.filter((ref) => state.splitGroups.get(ref) === group));
            }
            if (groups.filter((group) => group.length).length < 2) {
                showError("Put at least one record into another group to split this cluster.");
                return;
            }
            decide("split", splitText(groups));
        }

        function takeOut(reference) {
            const members = (state.detail && state.detail.members) || [];
            const others = members.map((member) => member.reference).filter((ref) => ref !== reference);
            decide("split", splitText([others, [reference]]));
        }

        async function decide(decision, split = "", relink = "") {
            if (state.busy || !state.detail) return;
            const id = state.clusterId;
            setBusy(true);
            try {
                const answer = await api("POST", `/api/clusters/${encodeURIComponent(id)}/decision`, {
                    decision, split, relink, base: state.base,
                });
                if (answer.summary) state.summary = answer.summary;
                if (answer.row) {
                    state.detail.decision = { decision: answer.row.decision || "", split: answer.row.split || "" };
                }
                const saved = answer.row ? answer.row.decision || "undecided" : decision || "undecided";
                showMessage(`Saved: ${saved}.`);
            } catch (error) {
                if (error.body.summary) state.summary = error.body.summary;
                if (error.status === 409 && error.body.fresh) state.detail.decision = error.body.fresh;
                showError(error.message);
            } finally {
                setBusy(false);
            }
            if (state.view === "cluster" && state.clusterId === id) {
                renderSummary();
                await loadCluster(id, false);
            }
        }

        // ---- re-link ----

        let relinkSeq = 0;
        const searchRecordsLater = debounce(searchRecords, DEBOUNCE_MS);

        function openRelink() {
            const dialog = byId("relink-dialog");
            byId("relink-search").value = "";
            byId("relink-results").replaceChildren();
            byId("relink-status").textContent = "Type a name, a key or a value of the record to bring in.";
            dialog.showModal();
            byId("relink-search").focus();
        }

        async function searchRecords() {
            const text = byId("relink-search").value.trim();
            const seq = ++relinkSeq;
            const results = byId("relink-results");
            const status = byId("relink-status");
            if (!text) {
                results.replaceChildren();
                status.textContent = "Type a name, a key or a value of the record to bring in.";
                return;
            }
            status.textContent = "Searching…";
            try {
                const answer = await api("GET", `/api/records?${query({ q: text, cluster: state.clusterId })}`);
                if (seq !== relinkSeq) return;
                const records = answer.records || [];
                results.replaceChildren(...records.map(recordResult));
                status.textContent = records.length
                    ? `${records.length} ${records.length === 1 ? "record" : "records"} of other clusters`
                    : "No record of another cluster matches.";
            } catch (error) {
                if (seq !== relinkSeq) return;
                status.textContent = error.message;
            }
        }

        function recordResult(record) {
            const item = el(
                "li",
                { class: "relink-result", "data-reference": record.reference, tabindex: 0, role: "button" },
                el("span", { class: "result-name" }, record.name || "(no name)"),
                el("span", { class: "key" }, record.reference),
                el("span", { class: "result-cluster" }, `now in ${record.clusterName || record.cluster || "-"}`)
            );
            on(item, "click", () => chooseRelink(record.reference));
            on(item, "keydown", (event) => {
                if (event.key === "Enter" || event.key === " ") {
                    event.preventDefault();
                    chooseRelink(record.reference);
                }
            });
            return item;
        }

        function chooseRelink(reference) {
            const own = new Set(((state.detail && state.detail.members) || []).map((member) => member.reference));
            const existing = state.base.decision === "relink" ? parseSplit(state.base.split).flat() : [];
            const references = [];
            for (const ref of [...existing, reference]) {
                if (!own.has(ref) && !references.includes(ref)) references.push(ref);
            }
            byId("relink-dialog").close();
            decide("relink", "", references.map(quoteReference).join(" "));
        }

        // ---- keys ----

        function onKey(event) {
            if (state.view !== "cluster" || !state.detail) return;
            if (event.ctrlKey || event.metaKey || event.altKey) return;
            if (byId("relink-dialog").open) return;
            const target = event.target;
            if (target && (target.isContentEditable || TYPING_TAGS.includes(target.tagName))) return;
            switch (event.key) {
                case "a":
                    event.preventDefault();
                    decide("accept");
                    break;
                case "r":
                    event.preventDefault();
                    decide("reject");
                    break;
                case "n":
                case "j":
                    event.preventDefault();
                    goTo(state.detail.next, "last");
                    break;
                case "p":
                case "k":
                    event.preventDefault();
                    goTo(state.detail.previous, "first");
                    break;
                case "Escape":
                    event.preventDefault();
                    goBack();
                    break;
                default:
                    break;
            }
        }

        // ---- start ----

        async function start() {
            on(byId("relink-search"), "input", searchRecordsLater);
            on(byId("relink-close"), "click", () => byId("relink-dialog").close());
            on(byId("relink-dialog"), "close", () => searchRecordsLater.cancel());
            on(byId("relink-dialog"), "keydown", (event) => {
                if (event.key !== "Escape") return;
                event.preventDefault();
                event.stopPropagation();
                byId("relink-dialog").close();
            });
            try {
                state.session = await api("GET", "/api/session");
            } catch (error) {
                byId("app").replaceChildren();
                showError(
                    error.status === 401 || error.status === 403
                        ? "This page is not signed in: open the address that scr review printed (with its token) again."
                        : error.message
                );
                return;
            }
            window.addEventListener("hashchange", route);
            document.addEventListener("keydown", onKey);
            route();
        }

        start();
        """#

    /// The style sheet (`/board.css`).
    static let style = #"""
        :root {
          --ink: #1d2330;
          --muted: #5b6475;
          --line: #d9dde5;
          --bg: #f6f7f9;
          --accent: #24527a;
          --auto: #2f7d4f;
          --review: #b86e00;
          --archive: #7a4fb3;
          --one-sided: #3a6ea5;
          --differs: #fff3cd;
          --error: #a12622;
        }
        * { box-sizing: border-box; }
        html { background: #fff; }
        body {
          margin: 0;
          font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
          color: var(--ink);
        }
        a { color: var(--accent); }
        a:focus-visible, button:focus-visible, select:focus-visible, input:focus-visible, li:focus-visible {
          outline: 2px solid var(--accent);
          outline-offset: 1px;
        }
        .muted { color: var(--muted); }
        [hidden] { display: none !important; }

        header.top {
          position: sticky;
          top: 0;
          z-index: 10;
          background: #fff;
          border-bottom: 1px solid var(--line);
          padding: 10px 24px 8px;
        }
        header.top .bar { display: flex; align-items: baseline; flex-wrap: wrap; gap: 8px 16px; }
        header.top h1 { margin: 0; font-size: 18px; font-weight: 600; }
        #progress { margin: 0 0 0 auto; font-weight: 600; }
        #message { margin: 8px 0 0; padding: 6px 10px; border-radius: 6px; }
        #message.ok { background: #e7f3ec; color: #1f5b38; border: 1px solid #b9dcc7; }
        #message.error {
          background: #fbeaea;
          color: var(--error);
          border: 1px solid #e7b4b2;
          font-weight: 600;
        }

        main { padding: 16px 24px 48px; max-width: 1400px; }
        .loading { color: var(--muted); }

        button {
          font: inherit;
          color: var(--ink);
          background: #fff;
          border: 1px solid #b8bfcc;
          border-radius: 6px;
          padding: 4px 12px;
          cursor: pointer;
        }
        button:hover:not(:disabled) { background: var(--bg); }
        button:disabled { color: #9aa1ad; border-color: var(--line); cursor: not-allowed; }
        button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
        button.primary:hover:not(:disabled) { background: #1b4060; }
        button.primary:disabled { background: #c4cfdb; border-color: #c4cfdb; color: #fff; }
        button[aria-pressed="true"] { border-color: var(--accent); box-shadow: inset 0 0 0 1px var(--accent); }
        select, input[type="search"] {
          font: inherit;
          color: var(--ink);
          border: 1px solid #b8bfcc;
          border-radius: 6px;
          padding: 3px 8px;
          background: #fff;
        }
        select { max-width: 22em; }
        input[type="search"] { width: 16em; }
        label { color: var(--muted); }

        .toolbar {
          display: flex;
          flex-wrap: wrap;
          justify-content: space-between;
          align-items: center;
          gap: 10px 24px;
          margin-bottom: 12px;
        }
        .filters, .actions { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 8px; }
        .filters label:not(:first-child) { margin-left: 8px; }

        .result {
          border: 1px solid var(--line);
          background: var(--bg);
          border-radius: 8px;
          padding: 8px 14px;
          margin-bottom: 12px;
        }
        .result.error { background: #fbeaea; border-color: #e7b4b2; color: var(--error); }
        .result p { margin: 2px 0; }
        .result-title { font-weight: 600; }
        dl.kv { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; margin: 6px 0 2px; }
        dl.kv dt { color: var(--muted); }
        dl.kv dd { margin: 0; font-variant-numeric: tabular-nums; }

        .table-wrap { overflow-x: auto; }
        table.grid { border-collapse: collapse; width: 100%; }
        table.grid th, table.grid td {
          text-align: left;
          vertical-align: top;
          padding: 6px 10px;
          border-bottom: 1px solid var(--line);
        }
        table.grid thead th {
          background: var(--bg);
          font-weight: 600;
          white-space: nowrap;
          border-bottom: 1px solid #c5cbd6;
        }
        #board[aria-busy="true"] tbody { opacity: 0.55; }
        #board tbody tr:hover { background: #fafbfc; }
        #board td.confidence { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        #board th.confidence { text-align: right; }
        #board td.name { min-width: 14em; }
        #board td.differs { color: var(--muted); }
        #board tr.empty td { color: var(--muted); text-align: center; padding: 24px; }
        a.cluster-link { font-weight: 600; text-decoration: none; }
        a.cluster-link:hover { text-decoration: underline; }
        .aka { color: var(--muted); font-size: 12px; }
        th button.sort {
          border: 0;
          background: none;
          padding: 0;
          font-weight: 600;
          border-radius: 0;
        }
        th button.sort::after { content: " ↕"; color: #a0a7b3; }
        th.sorted button.sort::after { content: " ▲"; color: var(--accent); }
        th.sorted.desc button.sort::after { content: " ▼"; }
        .key {
          display: block;
          max-width: 12em;
          overflow: hidden;
          text-overflow: ellipsis;
          white-space: nowrap;
          font: 12px ui-monospace, "SF Mono", Menlo, Consolas, monospace;
          color: #3b4252;
        }
        .split-text {
          font: 12px ui-monospace, "SF Mono", Menlo, Consolas, monospace;
          color: var(--muted);
          margin-top: 2px;
          word-break: break-all;
        }
        .pager { display: flex; align-items: center; gap: 12px; margin-top: 12px; }
        #page-info { color: var(--muted); }

        .chip {
          display: inline-block;
          margin: 0 4px 2px 0;
          padding: 0 8px;
          border-radius: 999px;
          font-size: 12px;
          line-height: 20px;
          white-space: nowrap;
          border: 1px solid currentColor;
        }
        .chip.auto { color: var(--auto); background: #eef6f1; }
        .chip.review { color: var(--review); background: #fdf4e6; }
        .chip.one-sided { color: var(--one-sided); background: #edf3fa; }
        .chip.archive { color: var(--archive); background: #f4eff9; }
        .chip.moved, .chip.other { color: var(--muted); background: var(--bg); }
        .chip.undecided { color: var(--muted); background: #fff; border-style: dashed; }
        .chip.decided { color: var(--accent); background: #edf3fa; }
        .chip.accept { color: var(--auto); background: #eef6f1; }
        .chip.reject { color: var(--error); background: #fbeaea; }

        .cluster-nav { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; margin-bottom: 8px; }
        .cluster-nav a { text-decoration: none; }
        .nav-off { color: #a0a7b3; }
        .hint { color: var(--muted); font-size: 12px; margin-left: auto; }
        .cluster-head h2 { margin: 8px 0 4px; font-size: 22px; font-weight: 600; overflow-wrap: anywhere; }
        .cluster-meta { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 16px; }
        .meta-item { color: var(--muted); }
        .meta-item strong { color: var(--ink); }
        #cluster-decision.undecided { color: var(--review); }
        .cluster-actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 14px 0; }
        .panel { margin: 18px 0; }
        .panel h3 {
          font-size: 15px;
          margin: 0 0 8px;
          padding-bottom: 4px;
          border-bottom: 1px solid var(--line);
        }
        .split-panel {
          border: 1px solid var(--line);
          border-radius: 8px;
          padding: 10px 14px;
          background: var(--bg);
        }
        .split-panel h3 { border: 0; }
        .split-panel table.grid { width: auto; background: #fff; }
        td.groups { display: flex; gap: 4px; }
        button.group { min-width: 2.2em; padding: 2px 8px; }
        button.group.selected { background: var(--accent); border-color: var(--accent); color: #fff; }
        .split-actions { display: flex; gap: 8px; margin-top: 10px; }
        ul.reasons, ul.changes { margin: 0; padding-left: 20px; }
        table.members th.field, table.record th.field, table.conflicts th.field {
          width: 12em;
          color: var(--muted);
          font-weight: 500;
        }
        table.members thead th { white-space: normal; min-width: 12em; }
        table.members tbody td { overflow-wrap: anywhere; }
        .member-source { font-weight: 600; }
        .member-source .key { display: inline-block; vertical-align: bottom; }
        .member-name { font-weight: 500; }
        button.take-out { margin-top: 4px; font-size: 12px; padding: 1px 8px; }
        table.grid tr.differs td, table.grid tr.differs th { background: var(--differs); }
        table.record tr.continued th, table.record tr.continued td { border-top: 0; }
        table.record td.from, .conflicts .from {
          font: 12px ui-monospace, "SF Mono", Menlo, Consolas, monospace;
          color: var(--muted);
          overflow-wrap: anywhere;
        }
        table.record td.rule { color: var(--muted); white-space: nowrap; }
        ul.values { margin: 0; padding-left: 18px; }
        .moved ul { margin: 0; padding-left: 20px; }

        dialog {
          width: min(640px, 92vw);
          border: 1px solid var(--line);
          border-radius: 10px;
          padding: 16px 20px;
          color: var(--ink);
        }
        dialog::backdrop { background: rgba(29, 35, 48, 0.35); }
        dialog h2 { margin: 0 0 4px; font-size: 17px; }
        dialog input[type="search"] { width: 100%; margin-top: 4px; }
        ul.relink-results { list-style: none; margin: 8px 0; padding: 0; max-height: 50vh; overflow-y: auto; }
        li.relink-result {
          display: grid;
          grid-template-columns: 1fr auto;
          gap: 0 12px;
          padding: 6px 8px;
          border-bottom: 1px solid var(--line);
          cursor: pointer;
        }
        li.relink-result:hover { background: var(--bg); }
        li.relink-result .result-name { font-weight: 600; }
        li.relink-result .key { grid-column: 2; grid-row: 1; max-width: 16em; }
        li.relink-result .result-cluster { color: var(--muted); font-size: 12px; grid-column: 1 / span 2; }
        .dialog-actions { display: flex; justify-content: flex-end; }
        """#
}
