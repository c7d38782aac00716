#!/usr/bin/env python3
"""ris-generator.py: draws council Vorlagen the way an RIS report engine does.

A third PDF producer for the ratsdoc fixtures (besides LibreOffice and Chromium). Like the report
generators of council information systems (ALLRIS, SessionNet) it has no table objects and no text
flow: every string is placed with an absolute x/y (`canvas.drawString` / a text object), every
table cell is drawn on its own, wrapped cell text is broken into lines here (`simpleSplit`), and
page breaks, repeated table header rows, running headers and "Seite N von M" footers are computed
by this script. Fonts: the PDF base-14 fonts (Helvetica, Times-Roman and their Bold variants,
WinAnsi encoding) plus DejaVu Sans (embedded TrueType) for the check boxes ☐ ☒.

Content comes from JSON files next to this script (sources/<name>.json), one per Vorlage:
    python3 ris-generator.py OUTDIR NAME.json [NAME.json ...]
writes OUTDIR/<name>.pdf for each. Needs `pip install reportlab` (tested with reportlab 5.1).

JSON keys: "template" ("aachen" or "karlsruhe"), "layout" (options of the template, see
render_aachen / render_karlsruhe), and the content keys used there. All content is invented.
"""
import json
import os
import sys

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

pdfmetrics.registerFont(TTFont('DejaVuSans', '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'))
BOXES = '☐☒'
PAGE_W, PAGE_H = A4
BOLD = {'Helvetica': 'Helvetica-Bold', 'Times-Roman': 'Times-Bold'}


def width(s, font, size, cs=0.0, ws=0.0):
    return pdfmetrics.stringWidth(s, font, size) + cs * len(s) + ws * s.count(' ')


def wrap(s, font, size, maxw, cs=0.0):
    """Lines of s that fit maxw. Explicit '\n' are kept (RIS stacked cells / hyphen breaks)."""
    out = []
    for part in s.split('\n'):
        if cs == 0:
            out.extend(simpleSplit(part, font, size, maxw) or [''])
            continue
        line = ''
        for w in part.split(' '):
            cand = w if not line else line + ' ' + w
            if line and width(cand, font, size, cs) > maxw:
                out.append(line)
                line = w
            else:
                line = cand
        out.append(line)
    return out


class Engine:
    """Collects absolute-positioned text per page; pages are drawn at the end (page count known)."""

    def __init__(self, lay):
        self.lay = lay
        self.left = lay.get('left', 62)
        self.right = PAGE_W - lay.get('rightMargin', 50)
        self.top = PAGE_H - lay.get('top', 45)
        self.bottom = lay.get('bottom', 70)
        self.pages = [[]]
        self.y = self.top
        self.header_fn = None   # (engine, page_no, total) -> None; draws with self.op
        self.footer_fn = None
        self.on_break = []      # callbacks after an automatic page break (repeat a table header)

    # -- low level
    def op(self, page, x, y, s, font, size, align='left', cs=0.0, ws=0.0, chunk=0):
        if align == 'right':
            x -= width(s, font, size, cs, ws)
        elif align == 'center':
            x -= width(s, font, size, cs, ws) / 2
        self.pages[page].append(('t', x, y, s, font, size, cs, ws, chunk))

    def text(self, x, y, s, font, size, **kw):
        self.op(len(self.pages) - 1, x, y, s, font, size, **kw)

    def mixed(self, x, y, s, font, size):
        """Text with check boxes: the boxes in DejaVu Sans, the rest in font; each run placed absolutely."""
        run = ''
        for ch in s + '\0':
            if ch in BOXES or ch == '\0':
                if run:
                    self.text(x, y, run, font, size)
                    x += width(run, font, size)
                    run = ''
                if ch in BOXES:
                    self.text(x, y, ch, 'DejaVuSans', size)
                    x += width(ch, 'DejaVuSans', size)
            else:
                run += ch
        return x

    def rect(self, x, y, w, h, grey=0.85):
        self.pages[-1].append(('r', x, y, w, h, grey))

    def newpage(self):
        self.pages.append([])
        self.y = self.top - self.lay.get('headerSpace', 0)
        for fn in self.on_break:
            fn()

    def need(self, h):
        if self.y - h < self.bottom:
            self.newpage()
            return True
        return False

    def skip(self, h):
        self.y -= h

    # -- blocks
    def para(self, s, font, size, leading=None, x=None, maxw=None, justify=False, mode='tw', cs=0.0,
             chunk=0, after=None):
        """A paragraph broken into lines here; justified lines get word spacing (Tw) or per-word x positions."""
        leading = leading or size * 1.25
        x = self.left if x is None else x
        maxw = maxw or (self.right - x)
        lines = wrap(s, font, size, maxw, cs)
        for i, ln in enumerate(lines):
            self.need(leading)
            self.y -= leading
            last = i == len(lines) - 1
            gaps = ln.count(' ')
            if justify and not last and gaps:
                extra = (maxw - width(ln, font, size, cs)) / gaps
                if mode == 'tw':
                    self.text(x, self.y, ln, font, size, cs=cs, ws=extra, chunk=chunk)
                else:  # every word drawn on its own at its computed x (report-engine justification)
                    xx = x
                    for w in ln.split(' '):
                        self.text(xx, self.y, w, font, size, cs=cs, chunk=chunk)
                        xx += width(w + ' ', font, size, cs) + extra
            else:
                self.text(x, self.y, ln, font, size, cs=cs, chunk=chunk)
        self.y -= size * 0.6 if after is None else after

    def table(self, cols, header, rows, font, size, hfont=None, leading=None, pad=2.0, repeat_header=True,
              header_gap=2.0, cs=0.0, chunk=0, vlines=False):
        """cols: [(x, w, align)], header/rows: lists of cell strings ('\n' = forced line break)."""
        leading = leading or size * 1.2
        hfont = hfont or font

        def cell_lines(row, f):
            return [wrap(c or '', f, size, w - 3, cs) for c, (x, w, a) in zip(row, cols)]

        def draw_row(row, f, gap=0.0):
            cl = cell_lines(row, f)
            n = max(len(c) for c in cl)
            top = self.y
            for lines, (x, w, a) in zip(cl, cols):
                for i, ln in enumerate(lines):
                    if not ln:
                        continue
                    yy = top - pad - size - i * leading
                    if a == 'right':
                        self.text(x + w - 3, yy, ln, f, size, align='right', cs=cs, chunk=chunk)
                    elif a == 'center':
                        self.text(x + w / 2, yy, ln, f, size, align='center', cs=cs, chunk=chunk)
                    else:
                        self.text(x, yy, ln, f, size, cs=cs, chunk=chunk)
            self.y = top - n * leading - 2 * pad - gap

        def height(row, f):
            return max(len(c) for c in cell_lines(row, f)) * leading + 2 * pad

        def draw_header():
            if header:
                draw_row(header, hfont, header_gap)

        self.need(height(header, hfont) + height(rows[0], font) if header else height(rows[0], font))
        draw_header()
        if repeat_header:
            self.on_break.append(draw_header)
        for row in rows:
            self.need(height(row, font))
            draw_row(row, font)
        if repeat_header:
            self.on_break.remove(draw_header)

    # -- output
    def save(self, path, title, author):
        c = canvas.Canvas(path, pagesize=A4, pageCompression=1)
        c.setTitle(title)
        c.setAuthor(author)
        c.setCreator(self.lay.get('creator', 'RIS Berichtsgenerator'))
        c.setProducer('ratsdoc ris-generator.py (ReportLab)')
        total = len(self.pages)
        for n in range(total):
            if self.header_fn:
                self.header_fn(self, n, total)
            if self.footer_fn:
                self.footer_fn(self, n, total)
            for o in self.pages[n]:
                if o[0] == 'r':
                    _, x, y, w, h, g = o
                    c.setFillGray(g)
                    c.rect(x, y, w, h, stroke=0, fill=1)
                    c.setFillGray(0)
                    continue
                _, x, y, s, font, size, cs, ws, chunk = o
                if chunk:
                    # character groups: every group of `chunk` letters is its own text object at its own x
                    xx = x
                    for w in s.split(' '):
                        for k in range(0, len(w), chunk):
                            g = w[k:k + chunk]
                            t = c.beginText(xx, y)
                            t.setFont(font, size)
                            t.setCharSpace(cs)
                            t.textOut(g)
                            c.drawText(t)
                            xx += width(g, font, size, cs)
                        xx += width(' ', font, size, cs) + ws
                    continue
                t = c.beginText(x, y)
                t.setFont(font, size)
                t.setCharSpace(cs)   # Tc/Tw are graphics state: set on every text object
                t.setWordSpace(ws)
                t.textOut(s)
                c.drawText(t)
            c.showPage()
        c.save()


# ---------------------------------------------------------------------------------------------
# Aachen (ALLRIS) layout
def render_aachen(d, E):
    L = d.get('layout', {})
    F = L.get('font', 'Helvetica')
    FB = BOLD[F]
    sz = L.get('size', 10)
    ld = sz * 1.25
    ref = d['reference']

    def head(E, n, total):
        if n > 0 or L.get('headerOnFirstPage'):
            E.op(n, E.right, PAGE_H - 30, 'Vorlage ' + ref, F, 9, align='right')
    E.header_fn = head
    E.footer_fn = lambda E, n, total: E.op(n, PAGE_W / 2, 35, f'Seite {n + 1} von {total}', F, 9, align='center')

    y0 = E.y
    if L.get('logoBox'):  # the RIS page-1 template reserves a field for the city logo (a grey box here)
        E.rect(E.right - 110, y0 - L["logoBox"] + 15, 110, L["logoBox"] - 15)
        y0 -= L['logoBox']
    E.text(E.left, y0 - 16, d.get('kind', 'Vorlage'), FB, 16)
    # right block: label / value pairs
    vx = L.get('valueX', 420)
    lx = L.get('labelX', 350)
    yy = y0 - 12
    for label, value in d['labels']:
        if L.get('labelAlign') == 'right':
            E.text(vx - 5, yy, label, F, sz, align='right')
        else:
            E.text(lx, yy, label, F, sz)
        for ln in wrap(value, F, sz, E.right - vx):
            E.text(vx, yy, ln, F, sz)
            yy -= ld
        yy -= L.get('labelGap', 2)
    # left block: department lines (label and value in one wrapped paragraph)
    ly = y0 - 38
    for label, value in d['departments']:
        for ln in wrap(label + ' ' + value, F, sz, lx - E.left - 20):
            E.text(E.left, ly, ln, F, sz)
            ly -= ld
        ly -= 6
    E.y = min(yy, ly) - 14
    E.para(d['name'], FB, L.get('titleSize', 12), after=14)

    # Beratungsfolge
    E.para('Beratungsfolge:', FB, sz, after=4)
    bf = L.get('bfCols', [(E.left, 75, 'left'), (E.left + 75, 215, 'left'), (E.left + 290, 180, 'left')])
    E.table([tuple(c) for c in bf], ['Datum', 'Gremium', 'Zuständigkeit'],
            [[c['date'], c['organization'], c['role']] for c in d['consultations']],
            F, sz, hfont=FB, leading=L.get('bfLeading', sz * 1.2), pad=L.get('bfPad', 1.5),
            repeat_header=L.get('repeatHeader', True))
    E.skip(10)

    E.para('Beschlussvorschlag:', FB, sz, after=4)
    for p in d['decisionProposal']:
        E.para(p, F, sz, ld, justify=L.get('justify', True), after=7)

    # Finanzielle Auswirkungen: JA/NEIN grid with an X, then the NKF table
    fi = d['finance']
    E.need(60)
    E.skip(8)
    E.para('Finanzielle Auswirkungen', FB, sz, after=6)
    gx = E.left + 125
    E.y -= sz
    E.text(gx, E.y, 'JA', F, sz)
    E.text(gx + 40, E.y, 'NEIN', F, sz)
    E.y -= ld
    E.text(gx + 3 + (0 if fi['yes'] else 45), E.y, 'X', F, sz)
    E.skip(14)
    if fi.get('table'):
        t = fi['table']
        fs = L.get('financeSize', 7.5)
        xs = [E.left, E.left + 112]
        w = (E.right - xs[1]) / 6
        va = L.get('financeValueAlign', 'right')  # QA6: some report templates left-align the value cells
        cols = [(E.left, 112, 'left')] + [(xs[1] + i * w, w, va) for i in range(6)]
        E.table(cols, t['header'], t['rows'], F, fs, hfont=BOLD[F], leading=fs * 1.2, pad=1.2, header_gap=2)
        if t.get('notesRow'):  # merged cells: each note spans two value columns
            ncols = [(E.left, 112, 'left'), (xs[1] + 4, 2 * w - 4, 'left'), (xs[1] + 2 * w + 4, 2 * w - 4, 'left'),
                     (xs[1] + 4 * w + 4, 2 * w - 4, 'left')]
            E.table(ncols, None, [t['notesRow']], F, fs - 0.5, leading=fs * 1.1, pad=1, repeat_header=False)
    E.skip(14)

    E.para(d.get('explanationHeading', 'Erläuterungen:'), FB, sz, after=4)
    for p in d['explanation']:
        E.para(p, F, sz, ld, justify=L.get('justify', True), after=7)
    if d.get('attachments'):
        E.skip(8)
        E.para('Anlage/n:', FB, sz, after=4)
        for a in d['attachments']:
            E.para(a, F, sz, ld, after=2)


# ---------------------------------------------------------------------------------------------
# Karlsruhe (SessionNet) layout
def render_karlsruhe(d, E):
    L = d.get('layout', {})
    F = L.get('font', 'Helvetica')
    FB = BOLD[F]
    sz = L.get('size', 10)
    ld = sz * 1.3
    cs = L.get('charSpace', 0.0)        # letter spacing of the head lines and the table
    ch = L.get('chunk', 0)              # draw words as character groups
    E.header_fn = lambda E, n, total: n > 0 and E.op(n, PAGE_W / 2, PAGE_H - 32, f'– {n + 1} –', F, sz,
                                                     align='center')
    y = E.y
    E.text(E.left, y - 16, d.get('kind', 'Beschlussvorlage'), FB, 16)
    E.text(E.right, y - 30, 'Gedruckt auf 100 Prozent Recyclingpapier', F, 6.5, align='right')
    y -= 56
    E.text(E.left, y, 'Vorlage Nr.: ' + d['reference'], F, sz, cs=cs, chunk=ch)
    E.text(E.right, y, 'Verantwortlich: ' + d['responsible'], F, sz, align='right', cs=cs, chunk=ch)
    y -= ld + 4
    E.text(E.left, y, 'Dienststelle:', F, sz, cs=cs, chunk=ch)
    dx = E.left + L.get('deptOffset', 68)
    for ln in wrap(d['department'], F, sz, L.get('deptWidth', 300), cs):
        E.text(dx, y, ln, F, sz, cs=cs, chunk=ch)
        y -= ld
    E.y = y - 12
    E.para(d['name'], FB, 12, leading=15, maxw=430, after=12, cs=L.get('titleCharSpace', 0.0))

    bx = E.left
    cols = L.get('bfCols', [(bx, 185, 'left'), (bx + 185, 75, 'left'), (bx + 260, 35, 'left'),
                            (bx + 295, 40, 'left'), (bx + 335, 140, 'left')])
    rows = []
    for c in d['consultations']:
        rows.append([c['organization'], c['date'], c['top'], c['public'], c['role']])
    E.table([tuple(x) for x in cols], ['Gremien', 'Termin', 'TOP', 'Ö / N', 'Zuständigkeit'], rows, F, sz,
            hfont=FB, leading=sz * 1.2, pad=L.get('bfPad', 1.5), cs=cs, chunk=ch)
    E.skip(10)

    E.para('Kurzfassung', FB, 11, after=6)
    for p in d.get('summary', []):
        E.para(p, F, sz, ld, justify=L.get('justifySummary', False), mode='tw', after=6)
    if d.get('decisionProposal'):
        E.para(d.get('decisionHeading', 'Antrag an den Gemeinderat'), FB, sz, after=5)
        for p in d['decisionProposal']:
            E.para(p, F, sz, ld, cs=L.get('decisionCharSpace', 0.0), after=6)

    # Finanzielle Auswirkungen: check-box form in two columns
    fi = d['finance']
    box = lambda on: '☒' if on else '☐'
    E.need(160)
    E.y -= 16
    x = E.left
    E.text(x, E.y, 'Finanzielle Auswirkungen', FB, sz)
    x += width('Finanzielle Auswirkungen', FB, sz) + 12
    E.mixed(x, E.y, f'Ja {box(fi["yes"])}   Nein {box(not fi["yes"])}', F, sz)
    leftcol = [f'{box(fi.get("investment"))} Investition', f'{box(fi.get("consumptive"))} Konsumtive Maßnahme',
               'Gesamtkosten: ' + fi.get('total', ''), 'Jährliche/r Budgetbedarf/Folgekosten: ' + fi.get('annual', ''),
               'Gesamteinzahlung: ' + fi.get('income', ''), 'Jährlicher Ertrag: ']
    b = fi.get('budget', 0)
    rightcol = [('Finanzierung', FB), (f'{box(b == 1)} bereits vollständig budgetiert', F),
                (f'{box(b == 2)} teilweise budgetiert', F), (f'{box(b == 3)} nicht budgetiert', F),
                ('Gegenfinanzierung durch', FB), ('☐ Mehrerträge/-einzahlung', F), ('☐ Wegfall bestehender Aufgaben', F),
                ('☐ Umschichtung innerhalb des Dezernates', F), ('Die Gegenfinanzierung ist im', F),
                ('Erläuterungsteil dargestellt.', F)]
    yy = E.y - 6
    for i in range(max(len(leftcol), len(rightcol))):
        yy -= ld
        if i < len(leftcol):
            E.mixed(E.left, yy, leftcol[i].rstrip(), F, sz)
        if i < len(rightcol):
            E.mixed(E.left + 235, yy, rightcol[i][0], rightcol[i][1], sz)
    yy -= ld + 12
    E.text(E.left, yy, 'CO2-Relevanz:', FB, sz)
    E.text(E.left + width('CO2-Relevanz: ', FB, sz), yy, 'Auswirkung auf den Klimaschutz', F, sz)
    E.text(E.left + 235, yy, 'Bei Ja: Begründung | Optimierung (im Text', F, sz)
    yy -= ld
    E.text(E.left + 235, yy, 'ergänzende Erläuterungen)', F, sz)
    yy -= ld
    E.mixed(E.left, yy, 'Nein ☒ Ja ☐', F, sz)
    E.mixed(E.left + 235, yy, 'positiv ☐', F, sz)
    E.mixed(E.left + 320, yy, 'geringfügig ☐', F, sz)
    yy -= ld
    E.mixed(E.left + 235, yy, 'negativ ☐', F, sz)
    E.mixed(E.left + 320, yy, 'erheblich ☐', F, sz)
    yy -= ld + 4
    E.mixed(E.left, yy, 'IQ-relevant   Nein ☒ Ja ☐   Korridorthema:', F, sz)
    yy -= ld + 4
    E.mixed(E.left, yy, 'Abstimmung mit städtischen Gesellschaften   Nein ☒ Ja ☐   abgestimmt mit', F, sz)

    # Erläuterungen on a new page, as SessionNet prints them
    E.newpage()
    E.para('Erläuterungen', FB, 11, after=6)
    for p in d['explanation']:
        pcs = L.get('explanationCharSpace', 0.0)
        if isinstance(p, dict):  # {"text": ..., "charSpace": ...}: a paragraph with its own letter spacing
            p, pcs = p['text'], p.get('charSpace', pcs)
        if p.startswith('## '):
            E.need(40)
            E.para(p[3:], FB, sz, after=4)
            continue
        E.para(p, F, sz, ld, justify=L.get('justify', False), mode=L.get('justifyMode', 'tw'), cs=pcs, after=7)
    if d.get('attachments'):
        E.skip(6)
        E.para('Anlagen', FB, 11, after=4)
        for a in d['attachments']:
            E.para(a, F, sz, ld, after=2)


def main():
    outdir = sys.argv[1]
    for src in sys.argv[2:]:
        d = json.load(open(src, encoding='utf-8'))
        E = Engine(d.get('layout', {}))
        {'aachen': render_aachen, 'karlsruhe': render_karlsruhe}[d['template']](d, E)
        name = os.path.splitext(os.path.basename(src))[0]
        out = os.path.join(outdir, name + '.pdf')
        E.save(out, d['name'], 'Stadt ' + ('Aachen' if d['template'] == 'aachen' else 'Karlsruhe'))
        print(f'made {name}.pdf (ris-generator, {len(E.pages)} pages)')


if __name__ == '__main__':
    main()
