import Foundation
import RatsdocCore
import RatsdocStore

/// The server's pages, in German, rendered on the server: no JavaScript, landmarks and labels for
/// screen readers, a skip link, visible focus, contrast above 4.5:1, one small stylesheet.
enum HTMLPages {
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A reference as a URL path segment ("2026/0061" → "2026%2F0061").
    static func pathSegment(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#%")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func queryValue(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#%/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func layout(title: String, current: String, body: String) -> String {
        func link(_ href: String, _ label: String, _ key: String) -> String {
            "<li><a href=\"\(href)\"\(key == current ? " aria-current=\"page\"" : "")>\(label)</a></li>"
        }
        return """
            <!doctype html>
            <html lang="de">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(escape(title)) – ratsdoc</title>
            <link rel="stylesheet" href="/static/ratsdoc.css">
            </head>
            <body>
            <a class="skip" href="#inhalt">Zum Inhalt springen</a>
            <header>
            <p class="site"><a href="/">ratsdoc · Beratungsstand</a></p>
            <nav aria-label="Hauptnavigation"><ul>
            \(link("/", "Offene Vorlagen", "overview"))
            \(link("/suche", "Suche", "search"))
            </ul></nav>
            </header>
            <main id="inhalt" tabindex="-1">
            \(body)
            </main>
            <footer><p>Daten aus dem Ratsinformationssystem, gelesen von ratsdoc. JSON: <a href="/api/papers?state=pending">/api/papers</a> · OParl: <a href="/oparl/v1/system">/oparl/v1/system</a></p></footer>
            </body>
            </html>

            """
    }

    static func stepState(_ state: ConsultationStep.State) -> String {
        switch state {
        case .planned: "geplant"
        case .scheduled: "auf der Tagesordnung"
        case .treated: "behandelt"
        case .postponed: "vertagt"
        case .withdrawn: "zurückgezogen"
        }
    }

    static func paperState(_ state: String) -> String {
        switch state {
        case "pending": "in Beratung"
        case "decided": "entschieden"
        case "withdrawn": "zurückgezogen"
        default: "unbekannt"
        }
    }

    static func germanDate(_ iso: String?) -> String {
        guard let iso, let date = CalendarDate(iso: iso) else { return "offen" }
        return String(format: "%02d.%02d.%04d", date.day, date.month, date.year)
    }

    static func paperLink(_ reference: String) -> String {
        "<a href=\"/vorlagen/\(pathSegment(reference))\">\(escape(reference))</a>"
    }

    /// A table of open papers; `caption` names it for screen readers.
    static func itemsTable(_ items: [TrackingQueries.PendingItem], caption: String, showCommittee: Bool) -> String {
        var html = "<table>\n<caption>\(escape(caption))</caption>\n<thead><tr><th scope=\"col\">Termin</th>"
        html += "<th scope=\"col\">Vorlage</th><th scope=\"col\">Titel</th>"
        if showCommittee { html += "<th scope=\"col\">Nächstes Gremium</th>" }
        html += "<th scope=\"col\">Stand</th></tr></thead>\n<tbody>\n"
        for item in items {
            html += "<tr><td>\(germanDate(item.date))"
            if item.overdue { html += " <span class=\"warn\">(überfällig)</span>" }
            html += "</td><td>\(paperLink(item.reference))</td><td>\(escape(item.name ?? ""))</td>"
            if showCommittee { html += "<td>\(escape(item.organization ?? ""))</td>" }
            let state = item.stepState.flatMap(ConsultationStep.State.init(rawValue:)).map(stepState) ?? paperState(item.state)
            html += "<td>\(escape(state))</td></tr>\n"
        }
        html += "</tbody>\n</table>\n"
        return html
    }

    static func overview(
        committees: [(committee: TrackingQueries.Committee, items: [TrackingQueries.PendingItem])], total: Int
    ) -> String {
        var body = "<h1>Offene Vorlagen nach Gremium</h1>\n"
        body += total == 1 ? "<p>1 Vorlage ist in Beratung." : "<p>\(total) Vorlagen sind in Beratung."
        body += " Je Gremium die nächsten Termine.</p>\n"
        if committees.isEmpty { body += "<p>Keine offenen Vorlagen.</p>\n" }
        for (index, entry) in committees.enumerated() {
            let id = "gremium-\(index + 1)"
            body += "<section aria-labelledby=\"\(id)\">\n<h2 id=\"\(id)\">\(escape(entry.committee.name)) "
            body += "<span class=\"count\">(\(entry.committee.pending) offen)</span></h2>\n"
            body += itemsTable(
                entry.items, caption: "Nächste Vorlagen für \(entry.committee.name)", showCommittee: false)
            if entry.committee.pending > entry.items.count {
                body +=
                    "<p><a href=\"/suche?gremium=\(queryValue(entry.committee.name))\">Alle \(entry.committee.pending) offenen Vorlagen für \(escape(entry.committee.name))</a></p>\n"
            }
            body += "</section>\n"
        }
        return layout(title: "Offene Vorlagen", current: "overview", body: body)
    }

    static func timeline(_ status: PaperStatus) -> String {
        var body = "<h1><span class=\"ref\">\(escape(status.reference))</span> \(escape(status.name ?? ""))</h1>\n"
        body += "<dl class=\"facts\">\n<dt>Stand</dt><dd>\(escape(paperState(status.state.rawValue)))</dd>\n"
        if let type = status.paperType { body += "<dt>Art</dt><dd>\(escape(type))</dd>\n" }
        if let current = status.current {
            body += "<dt>Als Nächstes</dt><dd>\(escape(current.organization ?? "?")), "
            body += "\(current.date.map { germanDate($0.description) } ?? "Termin offen")</dd>\n"
        }
        if let decision = status.finalDecision {
            body += "<dt>Entscheidung</dt><dd>\(escape(decision.organization ?? "?")), "
            body += "\(germanDate(decision.date?.description)): \(escape(decision.result ?? decision.resultCode ?? ""))</dd>\n"
        }
        body += "</dl>\n<h2 id=\"folge\">Beratungsfolge</h2>\n<ol class=\"timeline\" aria-labelledby=\"folge\">\n"
        for (index, step) in status.steps.enumerated() {
            let isCurrent = status.current?.step == index
            let phase =
                isCurrent ? "current" : (step.state == .treated || step.state == .withdrawn ? "done" : "next")
            body += "<li class=\"step \(phase)\"\(isCurrent ? " aria-current=\"step\"" : "")>\n"
            body += "<p class=\"when\">\(germanDate(step.date?.description))</p>\n"
            body += "<p class=\"who\">\(escape(step.organization ?? "?"))"
            if let role = step.role { body += " <span class=\"role\">· \(escape(role))</span>" }
            body += "</p>\n<p class=\"what\"><span class=\"state\">\(escape(stepState(step.state)))</span>"
            if let result = step.result ?? step.resultCode {
                body += ": \(escape(result))"
                if step.resultSource == "printed" { body += " <span class=\"note\">(laut Vorlage)</span>" }
            }
            if isCurrent { body += " <strong>– aktueller Stand</strong>" }
            if !step.planned { body += " <span class=\"warn\">(nicht in der Beratungsfolge)</span>" }
            body += "</p>\n"
            if step.occurrences.count > 1 {
                body += "<ul class=\"meetings\" aria-label=\"Sitzungen\">\n"
                for occurrence in step.occurrences {
                    body += "<li>\(germanDate(occurrence.date?.description)) \(escape(occurrence.meetingName ?? ""))"
                    if let number = occurrence.agendaItemNumber { body += ", TOP \(escape(number))" }
                    if let result = occurrence.result { body += ": \(escape(result))" }
                    body += "</li>\n"
                }
                body += "</ul>\n"
            }
            body += "</li>\n"
        }
        body += "</ol>\n"
        if !status.anomalies.isEmpty {
            body += "<section aria-labelledby=\"hinweise\" class=\"anomalies\">\n<h2 id=\"hinweise\">Auffälligkeiten</h2>\n<ul>\n"
            for anomaly in status.anomalies { body += "<li>\(escape(anomalyText(anomaly)))</li>\n" }
            body += "</ul>\n</section>\n"
        }
        body += "<p><a href=\"/api/papers/\(pathSegment(status.reference))\">Als JSON</a></p>\n"
        return layout(title: "\(status.reference) \(status.name ?? "")", current: "", body: body)
    }

    static func anomalyText(_ anomaly: PaperStatus.Anomaly) -> String {
        switch anomaly.kind {
        case .dateMissed: "Termin verstrichen ohne bekanntes Ergebnis: \(anomaly.message)"
        case .treatedOutOfOrder: "Reihenfolge abweichend: \(anomaly.message)"
        case .resultFromUnplannedCommittee: "Ergebnis eines Gremiums außerhalb der Beratungsfolge: \(anomaly.message)"
        case .beratungsfolgeChanged: "Beratungsfolge geändert: \(anomaly.message)"
        }
    }

    static func search(query: String, committee: String, state: String, page: TrackingQueries.Page<TrackingQueries.PendingItem>?)
        -> String
    {
        var body = "<h1>Vorlagen suchen</h1>\n<form method=\"get\" action=\"/suche\" role=\"search\">\n"
        body += "<p><label for=\"q\">Aktenzeichen oder Titel</label>\n"
        body += "<input id=\"q\" name=\"q\" type=\"search\" value=\"\(escape(query))\"></p>\n"
        body += "<p><label for=\"gremium\">Nächstes Gremium</label>\n"
        body += "<input id=\"gremium\" name=\"gremium\" type=\"text\" value=\"\(escape(committee))\"></p>\n"
        body += "<p><label for=\"stand\">Stand</label>\n<select id=\"stand\" name=\"stand\">\n"
        for (value, label) in [("", "alle"), ("pending", "in Beratung"), ("decided", "entschieden"), ("withdrawn", "zurückgezogen")] {
            body += "<option value=\"\(value)\"\(value == state ? " selected" : "")>\(label)</option>\n"
        }
        body += "</select></p>\n<p><button type=\"submit\">Suchen</button></p>\n</form>\n"
        if let page {
            body += "<h2 id=\"treffer\">\(page.total) Treffer</h2>\n"
            if !page.items.isEmpty {
                body += itemsTable(page.items, caption: "Suchergebnisse", showCommittee: true)
            }
        }
        return layout(title: "Suche", current: "search", body: body)
    }

    static func notFound(_ what: String) -> String {
        layout(title: "Nicht gefunden", current: "", body: "<h1>Nicht gefunden</h1>\n<p>\(escape(what))</p>\n")
    }

    static let stylesheet = """
        :root { color-scheme: light; --ink: #1b1b1b; --muted: #4a4a4a; --line: #6b6b6b; --accent: #0b4f8a; --done: #1d6b35; --warn: #8a1c1c; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 1rem/1.5 system-ui, "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
        a { color: var(--accent); }
        a:focus, button:focus, input:focus, select:focus, main:focus { outline: 3px solid #e0a800; outline-offset: 2px; }
        .skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem; }
        .skip:focus { left: .5rem; }
        header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: baseline; padding: .75rem 1.5rem; border-bottom: 2px solid var(--accent); }
        header .site { margin: 0; font-weight: 700; }
        nav ul { list-style: none; display: flex; gap: 1rem; margin: 0; padding: 0; }
        nav a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
        main { padding: 1rem 1.5rem; max-width: 70rem; }
        footer { padding: 1rem 1.5rem; color: var(--muted); border-top: 1px solid var(--line); }
        table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
        caption { text-align: left; color: var(--muted); }
        th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
        .count, .note, .role { color: var(--muted); font-weight: 400; }
        .warn { color: var(--warn); }
        .ref { font-variant-numeric: tabular-nums; }
        .facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
        .facts dt { font-weight: 700; }
        .facts dd { margin: 0; }
        .timeline { list-style: none; margin: 1rem 0; padding: 0 0 0 1.5rem; border-left: 4px solid var(--line); }
        .step { position: relative; margin: 0 0 1rem; padding: .5rem .75rem; border: 1px solid var(--line); border-radius: 4px; }
        .step::before { content: ""; position: absolute; left: -2.2rem; top: .9rem; width: 1rem; height: 1rem; border-radius: 50%; border: 3px solid var(--line); background: #fff; }
        .step.done::before { background: var(--done); border-color: var(--done); }
        .step.current { border: 3px solid var(--accent); }
        .step.current::before { background: var(--accent); border-color: var(--accent); }
        .step p { margin: .1rem 0; }
        .step .when { font-weight: 700; }
        .step.done .state { color: var(--done); font-weight: 700; }
        .anomalies { border-left: 4px solid var(--warn); padding-left: 1rem; }
        label { display: block; font-weight: 700; }
        input, select, button { font: inherit; padding: .35rem .5rem; border: 2px solid var(--line); border-radius: 4px; }
        button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }

        """
}
