#!/usr/bin/env python3
"""Writes deterministic mutations of PDF files, for ratsdoc's fuzz test.

Usage: mutate_pdfs.py OUT_DIR COUNT SEED PDF...

Each mutant is one of: byte flips, a truncation, an absurd MediaBox, absurd glyph Widths, or
content streams whose coordinates are scaled to huge values (decompressed, edited, compressed
again; the xref offsets are then wrong, which poppler repairs). The same arguments always give the
same files. Seeds are taken from ../shared/hostile: the classes there (huge x, MediaBox at -2^31,
a glyph width of 1e20) are covered by the mutation kinds below.
"""
import os
import random
import re
import sys
import zlib

ABSURD = [b"-2147483648", b"2147483647", b"1e30", b"-1e30", b"0", b"99999999999", b"-0.0001"]


def flip(data, rng):
    data = bytearray(data)
    for _ in range(rng.randint(1, 60)):
        position = rng.randrange(len(data))
        data[position] = rng.randrange(256)
    return bytes(data)


def truncate(data, rng):
    return data[: rng.randint(8, max(9, len(data) - 1))]


def mediabox(data, rng):
    def replace(match):
        values = [rng.choice(ABSURD) for _ in range(4)]
        return b"/MediaBox [" + b" ".join(values) + b"]"
    return re.sub(rb"/MediaBox\s*\[[^\]]*\]", replace, data)


def widths(data, rng):
    def replace(match):
        numbers = match.group(1).split()
        for _ in range(max(1, len(numbers) // 4)):
            if numbers:
                numbers[rng.randrange(len(numbers))] = rng.choice([b"1e20", b"-1e20", b"100000000", b"-5"])
        return b"/Widths [" + b" ".join(numbers) + b"]"
    return re.sub(rb"/Widths\s*\[([^\]]*)\]", replace, data)


def coordinates(data, rng):
    factor = rng.choice([1e6, 1e8, -1e8, 1e12])
    def scale(stream):
        def number(match):
            value = float(match.group(0))
            return repr(value * factor).encode()
        return re.sub(rb"(?<![A-Za-z/])-?\d+\.?\d*", number, stream)
    def replace(match):
        header, body = match.group(1), match.group(2)
        if b"FlateDecode" not in header:
            return match.group(0)
        try:
            text = zlib.decompress(body)
        except zlib.error:
            return match.group(0)
        edited = zlib.compress(scale(text))
        header = re.sub(rb"/Length \d+", b"/Length " + str(len(edited)).encode(), header)
        return header + b"stream\n" + edited + b"\nendstream"
    return re.sub(rb"(<<(?:(?!>>).)*>>\s*)stream\r?\n(.*?)\r?\nendstream", replace, data, flags=re.S)


KINDS = [flip, truncate, mediabox, widths, coordinates]


def main():
    out, count, seed, *inputs = sys.argv[1:]
    rng = random.Random(int(seed))
    sources = [(os.path.basename(path), open(path, "rb").read()) for path in sorted(inputs)]
    os.makedirs(out, exist_ok=True)
    for index in range(int(count)):
        name, data = sources[index % len(sources)]
        kind = KINDS[(index // len(sources)) % len(KINDS)]
        mutated = kind(data, rng)
        with open(os.path.join(out, "m%05d-%s-%s" % (index, kind.__name__, name)), "wb") as handle:
            handle.write(mutated)


if __name__ == "__main__":
    main()
