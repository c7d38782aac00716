#!/usr/bin/env python3
"""Compare hand-written truth files (Fixtures/truth/<name>.json) with ratsdoc's output.

Usage (from the repository root):
    python3 Fixtures/truth/compare.py [NAME ...] [--ratsdoc .build/debug/ratsdoc] [--actual-dir DIR] [--width N] [--text]

For every truth file (or the NAMEs given) the PDF Fixtures/pdf/<name>.pdf is converted with
`ratsdoc convert` (or DIR/<name>.json is read when --actual-dir is given; with --text the plain-text
input Fixtures/text/<name>.txt is converted instead; without NAMEs only the truth files whose input
file exists are compared) and the `paper` object is compared field by field:

* scalar fields and lists (reference, name, date, attachments, ...) must be equal;
* summary, decisionProposal and explanation are compared after collapsing whitespace
  (the paragraph structure is reported separately as a note, it does not count);
  the first differing position is shown with some context;
* consultations are compared element-wise, one field per element (plus the count);
* financialImpact: hasImpact, the number of tables, each table's columns and each row.

A field that the truth does not contain but ratsdoc outputs is a difference too (expected: absent).
Prints one table per document and a summary line "exact/total".
"""
import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))

SCALARS = ['reference', 'referenceParts', 'name', 'paperType', 'date', 'public', 'leadDepartment',
           'participatingDepartments', 'fileNumber', 'author', 'responsible']
TEXTS = ['summary', 'decisionProposal', 'explanation']
LISTS_AFTER = ['attachments']
ABSENT = '<absent>'


def collapse(s):
    return re.sub(r'\s+', ' ', s).strip()


def show(v, width):
    if v is ABSENT:
        return ABSENT
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= width else s[:width - 1] + '…'


def first_diff(a, b):
    n = min(len(a), len(b))
    for i in range(n):
        if a[i] != b[i]:
            return i
    return n


def text_diff(exp, act, ctx=45):
    i = first_diff(exp, act)
    return (i, '…' + exp[max(0, i - ctx):i] + '⟦' + exp[i:i + ctx] + '⟧',
            '…' + act[max(0, i - ctx):i] + '⟦' + act[i:i + ctx] + '⟧')


def run_ratsdoc(ratsdoc, pdf):
    p = subprocess.run([ratsdoc, 'convert', pdf], cwd=ROOT, capture_output=True, text=True)
    line = p.stdout.strip().splitlines()[0] if p.stdout.strip() else ''
    if not line:
        raise RuntimeError(f'no output for {pdf}: rc={p.returncode} {p.stderr.strip()[:300]}')
    return json.loads(line)


class Report:
    def __init__(self, width):
        self.rows = []  # (field, ok, expected, actual, note)
        self.width = width

    def add(self, field, ok, exp, act, note=''):
        self.rows.append((field, ok, exp, act, note))

    def counts(self):
        return sum(1 for r in self.rows if r[1]), len(self.rows)


def compare_paper(truth, actual, rep):
    w = rep.width
    for k in SCALARS:
        if k not in truth and k not in actual:
            continue
        e, a = truth.get(k, ABSENT), actual.get(k, ABSENT)
        rep.add(k, e == a, show(e, w), show(a, w))

    # consultations
    ec, ac = truth.get('consultations', []), actual.get('consultations', [])
    rep.add('consultations.count', len(ec) == len(ac), str(len(ec)), str(len(ac)))
    for i in range(max(len(ec), len(ac))):
        e = ec[i] if i < len(ec) else ABSENT
        a = ac[i] if i < len(ac) else ABSENT
        if e is ABSENT or a is ABSENT:
            rep.add(f'consultations[{i}]', False, show(e, w), show(a, w))
            continue
        keys = sorted(set(e) | set(a))
        bad = [k for k in keys if e.get(k, ABSENT) != a.get(k, ABSENT)]
        if not bad:
            rep.add(f'consultations[{i}]', True, show(e.get('organization'), w), '=')
        else:
            exp = '; '.join(f'{k}={show(e.get(k, ABSENT), 60)}' for k in bad)
            act = '; '.join(f'{k}={show(a.get(k, ABSENT), 60)}' for k in bad)
            rep.add(f'consultations[{i}]', False, exp, act, f'({e.get("organization")})')

    # long texts
    for k in TEXTS:
        if k not in truth and k not in actual:
            continue
        e, a = truth.get(k, ABSENT), actual.get(k, ABSENT)
        if e is ABSENT or a is ABSENT:
            rep.add(k, False, show(e, w), show(a, w))
            continue
        ce, ca = collapse(e), collapse(a)
        if ce == ca:
            note = ''
            pe, pa = e.count('\n\n') + 1, a.count('\n\n') + 1
            if pe != pa:
                note = f'paragraphs: expected {pe}, actual {pa}'
            rep.add(k, True, f'{len(ce)} chars', '=', note)
        else:
            i, xe, xa = text_diff(ce, ca)
            rep.add(k, False, xe, xa, f'first difference at char {i} of {len(ce)} (actual length {len(ca)})')

    # financial impact
    ef, af = truth.get('financialImpact', ABSENT), actual.get('financialImpact', ABSENT)
    if ef is not ABSENT or af is not ABSENT:
        if ef is ABSENT or af is ABSENT:
            rep.add('financialImpact', False, show(ef, w), show(af, w))
        else:
            rep.add('financialImpact.hasImpact', ef.get('hasImpact') == af.get('hasImpact'),
                    show(ef.get('hasImpact'), w), show(af.get('hasImpact'), w))
            et, at = ef.get('tables', []), af.get('tables', [])
            rep.add('financialImpact.tables.count', len(et) == len(at), str(len(et)), str(len(at)))
            for t in range(min(len(et), len(at))):
                e, a = et[t], at[t]
                rep.add(f'financialImpact.tables[{t}].columns', e['columns'] == a['columns'],
                        show(e['columns'], w), show(a['columns'], w))
                er, ar = e.get('rows', []), a.get('rows', [])
                rep.add(f'financialImpact.tables[{t}].rows.count', len(er) == len(ar), str(len(er)), str(len(ar)))
                for r in range(max(len(er), len(ar))):
                    x = er[r] if r < len(er) else ABSENT
                    y = ar[r] if r < len(ar) else ABSENT
                    label = (x if x is not ABSENT else y).get('label')
                    if x is ABSENT or y is ABSENT:
                        rep.add(f'financialImpact.tables[{t}].rows[{r}]', False, show(x, w), show(y, w), label)
                        continue
                    bad = [k for k in ('label', 'values', 'notes') if x.get(k, ABSENT) != y.get(k, ABSENT)]
                    rep.add(f'financialImpact.tables[{t}].rows[{r}]', not bad,
                            '; '.join(f'{k}={show(x.get(k, ABSENT), 110)}' for k in bad) or show(label, w),
                            '; '.join(f'{k}={show(y.get(k, ABSENT), 110)}' for k in bad) or '=', label if bad else '')

    for k in LISTS_AFTER:
        if k not in truth and k not in actual:
            continue
        e, a = truth.get(k, ABSENT), actual.get(k, ABSENT)
        rep.add(k, e == a, show(e, w), show(a, w))

    known = set(SCALARS + TEXTS + LISTS_AFTER + ['consultations', 'financialImpact'])
    for k in sorted(set(actual) - known):
        rep.add(k, False, ABSENT, show(actual[k], w), 'field not covered by the truth file')


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('names', nargs='*')
    ap.add_argument('--ratsdoc', default=os.path.join(ROOT, '.build', 'debug', 'ratsdoc'))
    ap.add_argument('--actual-dir')
    ap.add_argument('--width', type=int, default=70)
    ap.add_argument('--only-wrong', action='store_true', help='print only the differing fields')
    ap.add_argument('--text', action='store_true', help='convert Fixtures/text/<name>.txt instead of the PDF')
    args = ap.parse_args()

    names = args.names or sorted(f[:-5] for f in os.listdir(HERE) if f.endswith('.json'))
    if not args.names and not args.actual_dir:
        # only the truth files whose input exists (text-only fixtures have no PDF, and vice versa)
        kind, ext = ('text', '.txt') if args.text else ('pdf', '.pdf')
        names = [n for n in names if os.path.exists(os.path.join(ROOT, 'Fixtures', kind, n + ext))]
    total_ok = total = 0
    summary = []
    for name in names:
        truth = json.load(open(os.path.join(HERE, name + '.json'), encoding='utf-8'))
        if args.actual_dir:
            doc = json.load(open(os.path.join(args.actual_dir, name + '.json'), encoding='utf-8'))
        elif args.text:
            doc = run_ratsdoc(args.ratsdoc, os.path.join('Fixtures', 'text', name + '.txt'))
        else:
            doc = run_ratsdoc(args.ratsdoc, os.path.join('Fixtures', 'pdf', name + '.pdf'))
        rep = Report(args.width)
        compare_paper(truth, doc.get('paper', {}), rep)
        ok, n = rep.counts()
        total_ok += ok
        total += n
        summary.append((name, ok, n, doc.get('status'), doc.get('profile')))
        print(f'\n## {name}  ({ok}/{n} exact; status={doc.get("status")}, profile={doc.get("profile")})')
        for f in doc.get('findings', []):
            print(f'   finding: {f.get("severity")} {f.get("code")}: {f.get("message")}')
        print(f'{"field":40} {"":4} {"expected":{args.width}} | actual')
        for field, good, e, a, note in rep.rows:
            if args.only_wrong and good:
                continue
            mark = 'ok' if good else 'DIFF'
            print(f'{field:40} {mark:4} {e:{args.width}} | {a}' + (f'   [{note}]' if note else ''))
    print('\n## summary')
    for name, ok, n, status, profile in summary:
        print(f'{name:40} {ok:3}/{n:<3} status={status} profile={profile}')
    print(f'{"TOTAL":40} {total_ok:3}/{total}')
    return 0 if total_ok == total else 1


if __name__ == '__main__':
    sys.exit(main())
