#!/usr/bin/env python3
"""The simulator's arm64 feature tables, from kernel source trees.

usage: gen-arm64-ftr.py RELEASE=TREE ...
  e.g. gen-arm64-ftr.py 6.12.107=linux-6.12.107 7.2.8=linux-7.2.8

Reads each tree's arch/arm64/kernel/cpufeature.c (the arm64_ftr_bits
tables and arm64_ftr_regs[]), arch/arm64/tools/sysreg (field positions,
widths, enum values: what gen-sysreg.awk makes the *_SHIFT and value
macros from) and arch/arm64/include/asm/sysreg.h (SYS_* encodings the
sysreg file lacks), and prints the tables part of lib/sim/arm64-ftr.c
(everything after its macros) for the registers of KVM's ID space
(op0 3, op1 0, CRn 0, CRm 1-7) and CTR_EL0. A table equal in two
releases is printed once and cites both. Every symbolic shift is checked
against the sysreg file's field of that register; problems go to stderr.
"""
import re, sys

FIELDNAMES = {}

def parse_sysreg(path):
    regs = {}   # name -> (op0, op1, crn, crm, op2)
    syms = {}   # REG_FIELD_SHIFT etc. -> int
    fieldsets = {}  # SysregFields name -> list of lines
    lines = open(path).read().split('\n')
    cur = None; curlines = None; kind = None
    blocks = []
    for l in lines:
        t = l.split('#')[0].strip()
        if not t:
            continue
        w = t.split()
        if w[0] == 'Sysreg':
            cur = w[1]; kind = 'reg'; curlines = []
            regs[cur] = tuple(int(x) for x in w[2:7])
        elif w[0] == 'SysregFields':
            cur = w[1]; kind = 'fields'; curlines = []
        elif w[0] in ('EndSysreg', 'EndSysregFields'):
            if kind == 'fields':
                fieldsets[cur] = curlines
            else:
                blocks.append((cur, curlines))
            cur = None
        elif cur is not None:
            curlines.append(w)
    def fields(reg, ls):
        en = None
        skip = False
        for w in ls:
            if w[0] == 'Prefix':
                skip = True
                continue
            if w[0] == 'EndPrefix':
                skip = False
                continue
            if skip:
                continue
            if w[0] == 'Fields':
                if w[1] in fieldsets:
                    fields(reg, fieldsets[w[1]])
            elif w[0] in ('Field', 'UnsignedEnum', 'SignedEnum', 'Enum'):
                hl = w[1].split(':')
                hi = int(hl[0]); lo = int(hl[1]) if len(hl) > 1 else hi
                f = w[2]
                syms['%s_%s_SHIFT' % (reg, f)] = lo
                syms['%s_%s_WIDTH' % (reg, f)] = hi - lo + 1
                FIELDNAMES[(reg, lo)] = f
                en = (reg, f) if w[0] != 'Field' else None
            elif w[0] == 'EndEnum':
                en = None
            elif en and w[0].startswith('0b'):
                syms['%s_%s_%s' % (en[0], en[1], w[1])] = int(w[0][2:], 2)
    for name, ls in blocks:
        fields(name, ls)
    return regs, syms

def split_args(s):
    out = []; depth = 0; cur = ''
    for ch in s:
        if ch == '(':
            depth += 1
        elif ch == ')':
            depth -= 1
        if ch == ',' and depth == 0:
            out.append(cur.strip()); cur = ''
        else:
            cur += ch
    out.append(cur.strip())
    return out

def resolve(x, syms):
    x = x.strip()
    try:
        return int(x, 0)
    except ValueError:
        pass
    if x in syms:
        return syms[x]
    raise KeyError(x)

def parse_tables(path, syms):
    text = open(path).read()
    lines = text.split('\n')
    tables = {}
    for m in re.finditer(r'static const struct arm64_ftr_bits (\w+)\[\] = \{(.*?)\n\};', text, re.S):
        name = m.group(1)
        start = text.count('\n', 0, m.start()) + 1
        end = text.count('\n', 0, m.end()) + 1
        body = m.group(2)
        if re.search(r'^\s*#', body, re.M):
            print('WARNING: preprocessor line inside', name, file=sys.stderr)
        # drop comments
        body = re.sub(r'/\*.*?\*/', '', body, flags=re.S)
        entries = []
        pos = 0
        while True:
            mm = re.search(r'\b(S_)?ARM64_FTR_BITS\(', body[pos:])
            if not mm:
                break
            i = pos + mm.end()
            depth = 1; j = i
            while depth:
                if body[j] == '(':
                    depth += 1
                elif body[j] == ')':
                    depth -= 1
                j += 1
            args = split_args(body[i:j - 1])
            signed = bool(mm.group(1))
            vis, strict, typ, shift, width, safe = args
            shname = shift
            e = dict(sign=signed, type=typ.replace('FTR_', ''), shift=resolve(shift, syms),
                     width=resolve(width, syms), safe=resolve(safe, syms),
                     shift_src=shname, safe_src=safe)
            entries.append(e)
            pos = j
        tables[name] = dict(entries=entries, start=start, end=end)
    # arm64_ftr_regs[]
    m = re.search(r'\} arm64_ftr_regs\[\] = \{(.*?)\n\};', text, re.S)
    rstart = text.count('\n', 0, m.start()) + 1
    rend = text.count('\n', 0, m.end()) + 1
    mapping = []
    for mm in re.finditer(r'ARM64_FTR_REG(?:_OVERRIDE)?\((SYS_\w+),\s*(\w+)', m.group(1)):
        mapping.append((mm.group(1), mm.group(2)))
    for mm in re.finditer(r'\{\s*(SYS_\w+),\s*&arm64_ftr_reg_ctrel0\s*\}', m.group(1)):
        mapping.append((mm.group(1), 'ftr_ctr'))
    return tables, mapping, (rstart, rend)

def sysreg_h(path):
    enc = {}
    for m in re.finditer(r'#define\s+(SYS_\w+)\s+sys_reg\((\d+),\s*(\d+),\s*(\d+),\s*(\d+),\s*(\d+)\)', open(path).read()):
        enc[m.group(1)] = tuple(int(m.group(i)) for i in range(2, 7))
    return enc

def series_data(ver, tree):
    FIELDNAMES.clear()
    regs, syms = parse_sysreg(tree + '/arch/arm64/tools/sysreg')
    enc = sysreg_h(tree + '/arch/arm64/include/asm/sysreg.h')
    for r, e in regs.items():
        enc.setdefault('SYS_' + r, e)
    tables, mapping, rng = parse_tables(tree + '/arch/arm64/kernel/cpufeature.c', syms)
    out = []
    for sysname, tname in mapping:
        e = enc[sysname]
        op0, op1, crn, crm, op2 = e
        if not (op0 == 3 and ((op1 == 0 and crn == 0 and 1 <= crm <= 7) or sysname == 'SYS_CTR_EL0')):
            continue
        reg = sysname[4:]
        t = tables[tname]
        ents = []
        for x in t['entries']:
            nm = FIELDNAMES.get((reg, x['shift']), '?')
            try:
                int(x['shift_src'], 0)
            except ValueError:
                if x['shift_src'] != '%s_%s_SHIFT' % (reg, nm):
                    print('WARNING: %s: %s is not field %s' % (reg, x['shift_src'], nm),
                          file=sys.stderr)
            if x['shift'] == 31 and reg == 'CTR_EL0' and nm == '?':
                nm = 'RES1'
            try:
                int(x['safe_src'], 0)
            except ValueError:
                nm += ', safe %s' % x['safe_src']
            ents.append((x['sign'], x['type'], x['shift'], x['width'], x['safe'], nm))
        out.append(dict(reg=reg, enc=e, table=tname, start=t['start'], end=t['end'], ents=ents))
    return out, rng, dict(FIELDNAMES)

class _Tag(dict):
    def __missing__(self, ver):
        return ''.join(ver.split('.')[:2])

# '6.12.107' -> '612': the suffix of a table that differs between releases
SERIES_TAG = _Tag()

def emit(series):
    """series: list of (version, tree) in order."""
    out = []
    seen = {}  # (table, ents) -> (cname, [(ver, start, end)])
    order = []
    per = []
    for ver, tree in series:
        d, rng, _ = series_data(ver, tree)
        per.append((ver, d, rng))
        shared = {}
        for r in d:
            shared[r['table']] = shared.get(r['table'], 0) + 1
        for r in d:
            if shared[r['table']] > 1:
                # one table for several registers: name the fields by their bits
                r['ents'] = [e[:5] + ('[%d:%d]' % (e[2] + e[3] - 1, e[2]),) for e in r['ents']]
        for r in d:
            key = (r['table'], tuple(r['ents']))
            if key not in seen:
                cname = '%s_%s' % (r['table'], SERIES_TAG[ver])
                seen[key] = (cname, [], r)
                order.append(key)
            cites = seen[key][1]
            if (ver, r['start'], r['end']) not in cites:
                cites.append((ver, r['start'], r['end']))
    nkeys = {}
    for key in order:
        nkeys[key[0]] = nkeys.get(key[0], 0) + 1
    for key in order:
        cname, cites, r = seen[key]
        if nkeys[key[0]] == 1:
            cname = key[0]
            seen[key] = (cname, cites, r)
        c = ', '.join('%s lines %d-%d' % (v, s, e) for v, s, e in cites)
        if len(cites) == 1:
            out.append('/* %s[]: cpufeature.c %s */' % (r['table'], c))
        else:
            out.append('/*\n * %s[]: cpufeature.c %s\n * (the same table)\n */' % (r['table'], c))
        if not r['ents']:
            out[-1:] = []
            continue
        out.append('static const struct sim_ftr_bits %s[] = {' % cname)
        for (sign, typ, shift, width, safe, nm), src in zip(r['ents'], [None]*len(r['ents'])):
            mac = 'S_FTR' if sign else 'FTR'
            sv = '0x%x' % safe if safe > 9 else str(safe)
            out.append('\t%s(%s, %d, %d, %s),\t/* %s */' % (mac, typ, shift, width, sv, nm))
        out.append('};')
        out.append('')
    for ver, d, rng in per:
        tag = SERIES_TAG[ver]
        out.append('/* arm64_ftr_regs[]: cpufeature.c %s lines %d-%d (the ID space and CTR_EL0) */' % (ver, rng[0], rng[1]))
        out.append('static const struct sim_ftr_reg ftr_regs_%s[] = {' % tag)
        for r in sorted(d, key=lambda r: r['enc']):
            cname = seen[(r['table'], tuple(r['ents']))][0]
            op0, op1, crn, crm, op2 = r['enc']
            if not r['ents']:
                out.append('\tREG_NONE(%d, %d, %d, %d),\t/* %s: %s, no fields */' % (op1, crn, crm, op2, r['reg'], r['table']))
                continue
            out.append('\tREG(%d, %d, %d, %d, %s),\t/* %s */' % (op1, crn, crm, op2, cname, r['reg']))
        out.append('};')
        out.append('')
        out.append('const struct sim_ftr_table hvabi_sim_ftr_%s = {' % tag)
        out.append('\t.regs = ftr_regs_%s, .nregs = HVABI_ARRAY_SIZE(ftr_regs_%s),' % (tag, tag))
        out.append('\t.release = "%s",' % ver)
        out.append('};')
        out.append('')
    return '\n'.join(out)

if __name__ == '__main__':
    series = [a.split('=', 1) for a in sys.argv[1:]]
    print(emit(series))
