#!/usr/bin/env python3
"""ris-generator-qa7.py: QA round 7 extensions of ris-generator.py (which stays unchanged).

Loads ris-generator.py and adds two layout options of RIS report engines:

* "splitRowAt": {"row": K, "line": L} - the Beratungsfolge table is drawn line by line and the
  page breaks BEFORE line L of row K (0-based), so a wrapped cell continues at the top of the next
  page; no header row is repeated ("repeatHeader": false is implied for the split).
* "firstPageOffset": extra space above the content on page 1 (letterhead field).
* "onCol": [x, w] (Aachen template) - a fourth Beratungsfolge column "Ö/N" after "Zuständigkeit",
  filled from each consultation's "public" value ("Ö"/"N").

Usage: python3 ris-generator-qa7.py OUTDIR NAME.json [...]
"""
import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location('risgen', os.path.join(HERE, 'ris-generator.py'))
rg = importlib.util.module_from_spec(spec)
spec.loader.exec_module(rg)

BF_HEADERS = (['Datum', 'Gremium', 'Zuständigkeit'], ['Gremien', 'Termin', 'TOP', 'Ö / N', 'Zuständigkeit'])


class Engine7(rg.Engine):
    doc = None

    def __init__(self, lay):
        super().__init__(lay)
        self.y -= lay.get('firstPageOffset', 0)   # letterhead space on page 1 only

    def table(self, cols, header, rows, font, size, hfont=None, leading=None, pad=2.0, repeat_header=True,
              header_gap=2.0, cs=0.0, chunk=0, vlines=False):
        L = self.lay
        is_bf = header in BF_HEADERS
        if is_bf and header == BF_HEADERS[0] and L.get('onCol'):
            x, w = L['onCol']
            cols = list(cols) + [(x, w, 'left')]
            header = header + ['Ö/N']
            rows = [r + [c.get('public', '')] for r, c in zip(rows, self.doc['consultations'])]
        if not (is_bf and L.get('splitRowAt')):
            return super().table(cols, header, rows, font, size, hfont, leading, pad, repeat_header, header_gap,
                                 cs, chunk, vlines)
        leading = leading or size * 1.2
        hfont = hfont or font
        split = L['splitRowAt']

        def draw(row, f, k, gap=0.0):
            cl = [rg.wrap(c or '', f, size, w - 3, cs) for c, (x, w, a) in zip(row, cols)]
            n = max(len(c) for c in cl)
            top = self.y
            base = 0
            for i in range(n):
                if k == split['row'] and i == split['line']:
                    self.newpage()            # the RIS engine breaks inside the row; no header repeated
                    top = self.y
                    base = i
                for lines, (x, w, a) in zip(cl, cols):
                    if i < len(lines) and lines[i]:
                        yy = top - pad - size - (i - base) * leading
                        self.text(x, yy, lines[i], f, size, cs=cs, chunk=chunk)
            self.y = top - (n - base) * leading - 2 * pad - gap

        draw(header, hfont, -1, header_gap)
        for k, row in enumerate(rows):
            draw(row, font, k)


def main():
    import json
    outdir = sys.argv[1]
    for src in sys.argv[2:]:
        d = json.load(open(src, encoding='utf-8'))
        E = Engine7(d.get('layout', {}))
        E.doc = d
        {'aachen': rg.render_aachen, 'karlsruhe': rg.render_karlsruhe}[d['template']](d, E)
        name = os.path.splitext(os.path.basename(src))[0]
        out = os.path.join(outdir, name + '.pdf')
        E.save(out, d['name'], 'Stadt ' + ('Aachen' if d['template'] == 'aachen' else 'Karlsruhe'))
        print(f'made {name}.pdf (ris-generator-qa7, {len(E.pages)} pages)')


if __name__ == '__main__':
    main()
