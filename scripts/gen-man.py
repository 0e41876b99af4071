#!/usr/bin/env python3
"""Section 3 manual pages for libhvabi's public functions, from the doc
comments of the public headers, so that a header and its pages never
disagree.

  gen-man.py --list SYMFILE HEADER...          the page names, one a line
  gen-man.py --out DIR VERSION SYMFILE HEADER...

Every function the version script (SYMFILE) exports must be declared in a
header after a /** ... @brief ... */ comment; one that is not fails the
run, naming it. A page holds the comment's text: NAME (the brief),
SYNOPSIS (the header and the declaration), DESCRIPTION (the rest, with
@param lines), RETURN VALUE (@return).
"""
import os
import re
import sys

DECL = re.compile(r'^(?P<decl>[A-Za-z_][^;{}()]*?\b(?P<name>hvabi_\w+)\s*\([^;{}]*\))\s*;', re.M)
COMMENT = re.compile(r'/\*\*(?P<body>.*?)\*/\s*$', re.S)


def exported(symfile):
    with open(symfile) as f:
        return sorted(set(re.findall(r'^\s*(hvabi_\w+);', f.read(), re.M)))


def comment_before(text, pos):
    """The /** */ comment ending right before @pos (blank lines allowed), or None."""
    head = text[:pos].rstrip()
    if not head.endswith('*/'):
        return None
    start = head.rfind('/**')
    if start < 0:
        return None
    m = COMMENT.match(head[start:])
    return m.group('body') if m else None


def parse(headers):
    funcs = {}
    for h in headers:
        with open(h) as f:
            text = f.read()
        for m in DECL.finditer(text):
            body = comment_before(text, m.start())
            if body is None:
                continue
            lines = [re.sub(r'^\s*\* ?', '', l) for l in body.strip('\n').split('\n')]
            funcs[m.group('name')] = (os.path.basename(h), ' '.join(m.group('decl').split()),
                                      lines)
    return funcs


def sections(lines):
    """brief, description paragraphs, params, return text."""
    brief, desc, params, ret, cur = [], [], [], [], None
    for l in lines:
        l = l.rstrip()
        tag = re.match(r'@(\w+)(\[[a-z]+\])?\s*(.*)', l.strip())
        if tag:
            kind = tag.group(1)
            cur = {'brief': brief, 'return': ret, 'param': params}.get(kind, desc)
            rest = tag.group(3)
            if kind == 'param':
                params.append(rest)
                cur = params
            elif rest:
                cur.append(rest)
            continue
        if cur is None:
            cur = desc
        if cur is params and params:
            params[-1] += ' ' + l.strip()
        else:
            cur.append(l)
    return brief, desc, params, ret


def roff(s):
    s = s.replace('\\', '\\e')
    s = re.sub(r'@p (\w+)', r'\\fI\1\\fR', s)
    s = re.sub(r'@c (\w+)', r'\\fB\1\\fR', s)
    return re.sub(r'^([.\'])', r'\\&\1', s, flags=re.M)


def paragraphs(lines):
    out, para = [], []
    for l in lines + ['']:
        if l.strip():
            para.append(l.strip())
        elif para:
            out.append(' '.join(para))
            para = []
    return out


def page(name, header, decl, lines, version):
    brief, desc, params, ret = sections(lines)
    # NAME is the brief's first sentence; the rest of it opens the description
    text = ' '.join(x.strip() for x in brief)
    m = re.match(r'(.*?[.?!])(\s+(?=[A-Z(])(.*))?$', text)
    first, rest = (m.group(1), m.group(3) or '') if m else (text, '')
    if rest:
        desc = [rest, ''] + desc
    o = ['.TH %s 3 2026 "libhvabi %s" "libhvabi Manual"' % (name.upper(), version),
         '.SH NAME', '%s \\- %s' % (name, roff(first.rstrip('.'))),
         '.SH SYNOPSIS', '.nf', '.B #include <libhvabi/%s>' % header, '.PP',
         '.BI "%s"' % roff(decl) + ';', '.fi', '.PP', 'Link with \\fI\\-lhvabi\\fR.']
    text = paragraphs(desc)
    if text or params:
        o.append('.SH DESCRIPTION')
        for p in text:
            o += [roff(p), '.PP']
        for p in params:
            word, _, rest = p.partition(' ')
            o += ['.TP', '.I %s' % word, roff(rest)]
    if ret:
        o += ['.SH RETURN VALUE', roff(' '.join(x.strip() for x in ret))]
        errs = sorted(set(re.findall(r'-(E[A-Z0-9]+)', ' '.join(ret))))
        if errs:
            o += ['.SH ERRORS', 'Negative errno values this function returns: ' +
                  ', '.join('\\fB%s\\fR' % e for e in errs) + '.']
    o += ['.SH SEE ALSO', '.BR libhvabi (7)']
    return '\n'.join(o) + '\n'


def main(argv):
    if len(argv) >= 3 and argv[1] == '--list':
        for n in exported(argv[2]):
            print(n + '.3')
        return 0
    if len(argv) < 5 or argv[1] != '--out':
        print(__doc__, file=sys.stderr)
        return 2
    out, version, symfile, headers = argv[2], argv[3], argv[4], argv[5:]
    funcs = parse(headers)
    missing = [n for n in exported(symfile) if n not in funcs]
    if missing:
        print('gen-man.py: exported but declared without a /** @brief */ comment: ' +
              ', '.join(missing), file=sys.stderr)
        return 1
    for n in exported(symfile):
        header, decl, lines = funcs[n]
        with open(os.path.join(out, n + '.3'), 'w') as f:
            f.write(page(n, header, decl, lines, version))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
