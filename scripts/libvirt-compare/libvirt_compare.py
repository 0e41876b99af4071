#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Compare libhvabi's x86 baseline with libvirt's, feature bit by feature bit.

For each pair of Firecracker fingerprints this imports both with `hvabi
import`, computes `hvabi baseline`, turns each fingerprint's CPUID leaves and
MSRs into libvirt <cpudata> XML and has libvirt itself decode it into a
<cpu> definition (cpuDecode() from libvirt.so.0, called through ctypes: the
same call libvirt makes on raw CPUID for a host's capabilities and in its
tests/cputest.c; the function is exported, as LIBVIRT_PRIVATE_x.y.z), then
runs libvirt's baselines with virsh: `cpu-baseline` on the test driver
(test:///default, no --migratable), `cpu-baseline --migratable` and
`hypervisor-cpu-baseline --migratable` on an embedded QEMU driver
(qemu:///embed, no daemon, state under WORKDIR), always with --features, plus
virCPUBaseline() itself on guest-type decodes (which name real models), and
compares the CPUID/MSR bits each result keeps, naming every bit by
libvirt's cpu_map and by libhvabi's catalogue; --selftest SRC first checks
the decoding against libvirt's own tests/cputestdata. It needs Debian 12's
libvirt-clients, libvirt-daemon-driver-qemu, qemu-system-x86 and
libnss-wrapper (scripts/libvirt-compare/setup.sh installs them) and a built
tree (`ninja -C build`). Run from the repository root:
`python3 scripts/libvirt-compare/libvirt_compare.py [-w WORKDIR] [-o OUT.md]
[--build BUILDDIR] [--selftest LIBVIRT_SRC]`;
it writes every intermediate file under WORKDIR (default
/tmp/libvirt-compare) and the tables to OUT.md (default WORKDIR/results.md).
Nothing in the build or the tests uses it.
"""

import argparse
import ctypes
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

REGS = ("eax", "ebx", "ecx", "edx")
CPU_MAP = "/usr/share/libvirt/cpu_map/x86_features.xml"

# The pairs of docs/libvirt-comparison.md: (label, fingerprint A, fingerprint B).
PAIRS = [
    ("Milan 6.1 + Genoa 6.1", "AMD_MILAN_6.1host", "AMD_GENOA_6.1host"),
    ("Milan 6.1 + Milan 6.18", "AMD_MILAN_6.1host", "AMD_MILAN_6.18host"),
    ("Ice Lake 6.1 + Sapphire Rapids 6.1", "INTEL_ICELAKE_6.1host", "INTEL_SAPPHIRE_RAPIDS_6.1host"),
    ("Cascade Lake 6.1 + Ice Lake 6.1", "INTEL_CASCADELAKE_6.1host", "INTEL_ICELAKE_6.1host"),
    ("Sapphire Rapids 6.18 + Granite Rapids 6.18", "INTEL_SAPPHIRE_RAPIDS_6.18host",
     "INTEL_GRANITE_RAPIDS_6.18host"),
    ("Ice Lake 6.1 + Milan 6.1", "INTEL_ICELAKE_6.1host", "AMD_MILAN_6.1host"),
]

# libhvabi catalogue names that start a multi-bit field (LOWER in lib/catalog-x86.c), not a bit.
HVABI_FIELDS = {
    "EVENT_VECTOR_LENGTH", "GP_COUNTER_WIDTH", "GP_COUNTERS", "PMU_VERSION",
    "FIXED_COUNTER_WIDTH", "FIXED_COUNTERS", "XSAVE_MAX_SIZE", "AVX10_VERSION",
    "GUEST_PHYS_ADDR_BITS", "VIRT_ADDR_BITS", "PHYS_ADDR_BITS", "NASID", "NUM_UMC_PMC",
    "NUM_DF_PMC", "LBR_V2_STACK_SIZE", "NUM_CORE_PMC", "MAX_VIRTUAL_PROCESSORS",
    "MAX_LOGICAL_PROCESSORS",
}

# What QEMU's driver removes from every cpu-baseline (virQEMUCapsCPUFilterFeatures).
QEMU_FILTERED = {"cmt", "mbm_total", "mbm_local", "osxsave", "ospke"}


def die(msg):
    sys.exit("libvirt_compare: " + msg)


def run(cmd, env=None, check=False):
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if check and p.returncode:
        die("%s failed (%d): %s" % (" ".join(cmd), p.returncode, p.stderr.strip()))
    return p


# ---- bits: ("cpuid", leaf, subleaf, reg, bit) or ("msr", index, 0, "", bit) ----

def bit_label(b):
    if b[0] == "msr":
        return "MSR 0x%x bit %d" % (b[1], b[4])
    return "0x%x.%d %s[%d]" % (b[1], b[2], b[3].upper(), b[4])


def profile_bits(path):
    """Every set bit of a libhvabi JSON set, and its key text per register."""
    d = json.load(open(path))
    bits, keys, values = set(), {}, {}
    for e in d["entries"]:
        k = e["key"].split(":")
        v = int(e["value"], 16)
        if k[0] == "cpuid":
            reg = (int(k[1], 16), int(k[2], 16), k[3])
            t = ("cpuid",) + reg
            width = 32
        elif k[0] == "msr":
            t = ("msr", int(k[1], 16), 0, "")
            width = 64
        else:
            continue
        keys[t] = e["key"]
        values[t] = v
        for i in range(width):
            if v >> i & 1:
                bits.add(t + (i,))
    return bits, keys, values, d


def cpudata_xml(path):
    """libvirt <cpudata> (tests/cputestdata/x86_64-cpuid-*.xml format) of a libhvabi x86 set."""
    d = json.load(open(path))
    leaves, msrs = {}, []
    for e in d["entries"]:
        k = e["key"].split(":")
        if k[0] == "cpuid":
            leaves.setdefault((int(k[1], 16), int(k[2], 16)), {})[k[3]] = int(e["value"], 16)
        elif k[0] == "msr":
            msrs.append((int(k[1], 16), int(e["value"], 16)))
    out = ["<cpudata arch='x86'>"]
    for (leaf, sub), r in sorted(leaves.items()):
        out.append("  <cpuid eax_in='0x%08x' ecx_in='0x%02x' %s/>" % (
            leaf, sub, " ".join("%s='0x%08x'" % (x, r.get(x, 0)) for x in REGS)))
    for idx, v in sorted(msrs):
        out.append("  <msr index='0x%x' edx='0x%08x' eax='0x%08x'/>" % (idx, v >> 32, v & 0xffffffff))
    out.append("</cpudata>")
    return "\n".join(out) + "\n"


class Libvirt:
    """cpuDecode() of libvirt.so.0, as libvirt decodes raw CPUID (virCPUx86GetHost, tests/cputest.c)."""

    def __init__(self):
        lv = ctypes.CDLL("libvirt.so.0")
        P, I, S = ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p
        for name, res, args in (("virInitialize", I, []), ("virCPUDataParse", P, [S]),
                                ("virCPUDefNew", P, []), ("cpuDecode", I, [P, P, P]),
                                ("virCPUDefFormat", P, [P, P]), ("virCPUDefFree", None, [P]),
                                ("virCPUDataFree", None, [P]), ("virArchFromString", I, [S]),
                                ("virCPUBaseline", P, [I, ctypes.POINTER(P), ctypes.c_uint, P, P,
                                                       ctypes.c_bool]),
                                ("virCPUExpandFeatures", I, [I, P]),
                                ("virGetLastErrorMessage", S, [])):
            f = getattr(lv, name)
            f.restype, f.argtypes = res, args
        lv.virInitialize()
        self.lv = lv

    def decode(self, cpudata, guest, keep=False):
        """A host <cpu> (model, vendor, signature, features) or a guest one (with disabled
        features); with @keep, also the virCPUDef itself."""
        lv = self.lv
        data = lv.virCPUDataParse(cpudata.encode())
        if not data:
            die("virCPUDataParse: %s" % lv.virGetLastErrorMessage().decode())
        cpu = lv.virCPUDefNew()
        # struct _virCPUDef (src/conf/cpu_conf.h, 9.0): int refs, type, mode, match, check, arch;
        # char *model, *vendor_id; int fallback.
        ints = ctypes.cast(cpu, ctypes.POINTER(ctypes.c_int))
        if guest:
            ints[1] = 1   # VIR_CPU_TYPE_GUEST (match stays EXACT, 0)
            ctypes.cast(cpu + 40, ctypes.POINTER(ctypes.c_int))[0] = 1  # VIR_CPU_FALLBACK_FORBID
        else:
            ints[5] = lv.virArchFromString(b"x86_64")
        if lv.cpuDecode(cpu, data, None) < 0:
            die("cpuDecode: %s" % lv.virGetLastErrorMessage().decode())
        xml = ctypes.string_at(lv.virCPUDefFormat(cpu, None)).decode()
        lv.virCPUDataFree(data)
        if keep:
            return xml, cpu
        lv.virCPUDefFree(cpu)
        return xml

    def baseline(self, cpus, migratable):
        """virCPUBaseline() on virCPUDefs (what cpu-baseline runs after parsing its XML), expanded."""
        lv = self.lv
        arch = lv.virArchFromString(b"x86_64")
        arr = (ctypes.c_void_p * len(cpus))(*cpus)
        cpu = lv.virCPUBaseline(arch, arr, len(cpus), None, None, migratable)
        if not cpu:
            return None, lv.virGetLastErrorMessage().decode()
        if lv.virCPUExpandFeatures(arch, cpu) < 0:
            die("virCPUExpandFeatures: %s" % lv.virGetLastErrorMessage().decode())
        xml = ctypes.string_at(lv.virCPUDefFormat(cpu, None)).decode()
        lv.virCPUDefFree(cpu)
        return xml, None


def load_cpu_map():
    """libvirt feature name -> (bits, migratable) from cpu_map/x86_features.xml."""
    feats = {}
    for f in ET.parse(CPU_MAP).getroot().iter("feature"):
        bits = set()
        for c in f.findall("cpuid"):
            leaf, sub = int(c.get("eax_in"), 16), int(c.get("ecx_in", "0"), 16)
            for r in REGS:
                m = int(c.get(r, "0"), 16)
                bits |= {("cpuid", leaf, sub, r, i) for i in range(32) if m >> i & 1}
        for m in f.findall("msr"):
            v = int(m.get("edx"), 16) << 32 | int(m.get("eax"), 16)
            bits |= {("msr", int(m.get("index"), 16), 0, "", i) for i in range(64) if v >> i & 1}
        feats[f.get("name")] = (bits, f.get("migratable") != "no")
    return feats


class Hvabi:
    """Bit names from libhvabi's catalogue (hvabi_catalog_bit_name through ctypes)."""

    class Key(ctypes.Structure):
        _fields_ = [("ns", ctypes.c_uint16), ("sel", ctypes.c_uint16),
                    ("sub", ctypes.c_uint32), ("id", ctypes.c_uint64)]

    def __init__(self, so):
        self.h = ctypes.CDLL(so)
        self.h.hvabi_key_from_string.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.POINTER(self.Key)]
        self.h.hvabi_catalog_bit_name.restype = ctypes.c_char_p
        self.h.hvabi_catalog_bit_name.argtypes = [ctypes.c_int, ctypes.POINTER(self.Key), ctypes.c_uint]
        self.cache = {}
        # QEMU's names for the bits (newer trees only): says whether QEMU, unlike libvirt 9.0, names it.
        self.alias_fn = getattr(self.h, "hvabi_catalog_bit_alias", None)
        if self.alias_fn:
            self.alias_fn.restype = ctypes.c_char_p
            self.alias_fn.argtypes = [ctypes.c_int, ctypes.POINTER(self.Key), ctypes.c_uint]

    def alias(self, keytext, bit):
        k = self.Key()
        if not self.alias_fn or self.h.hvabi_key_from_string(2, keytext.encode(), ctypes.byref(k)):
            return None
        n = self.alias_fn(2, ctypes.byref(k), bit)
        return n.decode() if n else None

    def name(self, keytext, bit):
        if (keytext, bit) not in self.cache:
            k = self.Key()
            n = None
            if self.h.hvabi_key_from_string(2, keytext.encode(), ctypes.byref(k)) == 0:
                n = self.h.hvabi_catalog_bit_name(2, ctypes.byref(k), bit)
                n = n.decode() if n else None
            self.cache[(keytext, bit)] = None if n in HVABI_FIELDS else n
        return self.cache[(keytext, bit)]


def parse_baseline(xml):
    """(model, vendor, required features, disabled features) of a libvirt baseline."""
    root = ET.fromstring(xml)
    m, v = root.find("model"), root.find("vendor")
    req, dis = set(), set()
    for f in root.findall("feature"):
        (dis if f.get("policy") in ("disable", "forbid") else req).add(f.get("name"))
    return (m.text if m is not None else None, v.text if v is not None else None, req, dis)


def signature(eax):
    fam = (eax >> 8) & 0xf
    model = (eax >> 4) & 0xf
    if fam in (6, 15):
        model |= ((eax >> 16) & 0xf) << 4
    if fam == 15:
        fam += (eax >> 20) & 0xff
    return fam, model, eax & 0xf


def qemu_signatures(models, qemu="qemu-system-x86_64"):
    """family/model/stepping/vendor QEMU gives each named model (query-cpu-model-expansion)."""
    if not models:
        return {}
    cmds = [{"execute": "qmp_capabilities"}]
    cmds += [{"execute": "query-cpu-model-expansion",
              "arguments": {"type": "full", "model": {"name": m}}, "id": m} for m in models]
    cmds.append({"execute": "quit"})
    p = subprocess.run([qemu, "-machine", "none", "-accel", "tcg", "-nodefaults", "-nographic",
                        "-display", "none", "-qmp", "stdio"],
                       input="\n".join(json.dumps(c) for c in cmds) + "\n",
                       capture_output=True, text=True, timeout=120)
    out = {}
    for line in p.stdout.splitlines():
        try:
            r = json.loads(line)
        except ValueError:
            continue
        if "return" in r and r.get("id") in models:
            props = r["return"]["model"]["props"]
            out[r["id"]] = (props.get("family"), props.get("model"), props.get("stepping"),
                            props.get("vendor"))
    return out


def selftest(src):
    """Our cpuDecode() calls must give libvirt's own expected CPUs for its test data
    (tests/cputest.c's DO_TEST_CPUID; guest decodes only where it passes no QEMU models)."""
    lv = Libvirt()
    d = os.path.join(src, "tests/cputestdata")
    tests = re.findall(r'DO_TEST_CPUID\(VIR_ARCH_X86_64, "([^"]+)", (JSON_\w+)\)',
                       open(os.path.join(src, "tests/cputest.c")).read())
    n = 0
    for name, json_mode in tests:
        data = re.sub(r"<!--.*?-->", "", open(os.path.join(d, "x86_64-cpuid-%s.xml" % name)).read(),
                      flags=re.S)
        kinds = ("host", "guest") if json_mode in ("JSON_NONE", "JSON_HOST") else ("host",)
        for kind in kinds:
            exp = open(os.path.join(d, "x86_64-cpuid-%s-%s.xml" % (name, kind))).read()
            if lv.decode(data, kind == "guest").strip() != exp.strip():
                die("selftest: %s (%s) differs from libvirt's expected output" % (name, kind))
            n += 1
    if not n:
        die("selftest: no DO_TEST_CPUID found under %s" % src)
    print("selftest: %d decodes equal libvirt's tests/cputestdata" % n)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-w", "--workdir", default="/tmp/libvirt-compare")
    ap.add_argument("-o", "--out")
    ap.add_argument("--fingerprints", default=os.environ.get(
        "HVABI_FINGERPRINTS", os.path.join(os.path.dirname(root), "shared/data/firecracker-fingerprints")))
    ap.add_argument("--build", default=os.path.join(root, "build"))
    ap.add_argument("--selftest", metavar="LIBVIRT_SRC",
                    help="first check the decode against libvirt's tests/cputestdata in this source tree")
    a = ap.parse_args()
    if a.selftest:
        selftest(a.selftest)
    if not os.path.isdir(a.fingerprints):
        a.fingerprints = "/work/shared/data/firecracker-fingerprints"
    hvabi_bin = os.path.join(a.build, "tools/hvabi")
    work = a.workdir
    for d in ("imp", "base", "cpudata", "cpu", "libvirt", "embed/etc"):
        os.makedirs(os.path.join(work, d), exist_ok=True)
    out_path = a.out or os.path.join(work, "results.md")

    # The embedded QEMU driver runs privileged (we are root) and wants its user
    # 'libvirt-qemu' (compiled in); nss_wrapper supplies it as root, so no
    # system user or daemon is needed.
    emb = os.path.join(work, "embed")
    with open(os.path.join(emb, "etc/qemu.conf"), "w") as f:
        f.write('user = "root"\ngroup = "root"\n')
    with open(os.path.join(emb, "passwd"), "w") as f:
        f.write(run(["getent", "passwd"]).stdout + "libvirt-qemu:x:0:0::/nonexistent:/bin/false\n")
    with open(os.path.join(emb, "group"), "w") as f:
        f.write(run(["getent", "group"]).stdout + "libvirt-qemu:x:0:\n")
    emb_env = dict(os.environ, LD_PRELOAD="libnss_wrapper.so",
                   NSS_WRAPPER_PASSWD=os.path.join(emb, "passwd"),
                   NSS_WRAPPER_GROUP=os.path.join(emb, "group"))
    emb_uri = "qemu:///embed?root=" + emb

    lv = Libvirt()
    hv = Hvabi(os.path.join(a.build, "lib/libhvabi.so"))
    cmap = load_cpu_map()
    lv_name = {}
    for name, (bits, _) in cmap.items():
        for b in bits:
            lv_name.setdefault(b, []).append(name)
    versions = {
        "libvirt": run(["virsh", "--version"]).stdout.strip(),
        "libvirt-pkg": run(["dpkg-query", "-W", "-f", "${Version}", "libvirt0"]).stdout.strip(),
        "qemu-pkg": run(["dpkg-query", "-W", "-f", "${Version}", "qemu-system-x86"]).stdout.strip(),
        "hvabi-commit": run(["git", "-C", root, "describe", "--always", "--dirty"]).stdout.strip(),
    }

    # Import and decode every CPU the pairs name.
    cpus = {}
    for _, x, y in PAIRS:
        for n in (x, y):
            if n in cpus:
                continue
            imp = os.path.join(work, "imp", n + ".json")
            run([hvabi_bin, "import", "--firecracker",
                 os.path.join(a.fingerprints, "fingerprint_%s.json" % n), "-o", imp], check=True)
            cd = cpudata_xml(imp)
            open(os.path.join(work, "cpudata", n + ".xml"), "w").write(cd)
            host, (guest, gptr) = lv.decode(cd, False), lv.decode(cd, True, keep=True)
            open(os.path.join(work, "cpu", n + ".host.xml"), "w").write(host)
            open(os.path.join(work, "cpu", n + ".guest.xml"), "w").write(guest)
            bits, keys, values, _ = profile_bits(imp)
            cpus[n] = dict(imp=imp, host=host, guest=guest, gptr=gptr, bits=bits, keys=keys, values=values,
                           hmodel=parse_baseline(host)[0], gmodel=parse_baseline(guest)[0],
                           gdis=parse_baseline(guest)[3])

    variants = [
        ("test", "virsh -c test:///default cpu-baseline --features", "host",
         ["virsh", "-c", "test:///default", "cpu-baseline", "--features"], None),
        ("mig", "virsh -c qemu:///embed cpu-baseline --features --migratable", "host",
         ["virsh", "-c", emb_uri, "cpu-baseline", "--features", "--migratable"], emb_env),
        ("hyp", "virsh -c qemu:///embed hypervisor-cpu-baseline --virttype kvm --features --migratable",
         "host", ["virsh", "-c", emb_uri, "hypervisor-cpu-baseline", "--virttype", "kvm", "--arch",
                  "x86_64", "--features", "--migratable"], emb_env),
        # Not a virsh command: virCPUBaseline(migratable) on the guest-type decodes, which name
        # the CPUs' own models (EPYC-Milan, Icelake-Server, ...) with what each lacks disabled,
        # then the QEMU driver's filter of cpu-baseline's output.
        ("named", "virCPUBaseline(migratable=true) on guest-type decodes", "guest", None, None),
    ]

    results = []
    models_seen = set()
    for label, x, y in PAIRS:
        tag = "%s+%s" % (x, y)
        A, B = cpus[x], cpus[y]
        bj = os.path.join(work, "base", tag + ".json")
        rep = os.path.join(work, "base", tag + ".rep")
        p = run([hvabi_bin, "baseline", "-o", bj, "--report", rep, A["imp"], B["imp"]])
        hv_rc = p.returncode
        hv_blocks = [l for l in open(rep).read().splitlines() if l.startswith("block ")] \
            if os.path.exists(rep) else []
        hbits, hkeys, hvalues, _ = profile_bits(bj)
        keys = dict(A["keys"]); keys.update(B["keys"]); keys.update(hkeys)
        lvres = {}
        for vid, _, kind, cmd, env in variants:
            f = os.path.join(work, "libvirt", "%s.%s.in.xml" % (tag, kind))
            open(f, "w").write(A[kind] + B[kind])
            outf = os.path.join(work, "libvirt", "%s.%s.xml" % (tag, vid))
            if cmd:
                r = run(cmd + [f], env=env)
                xml, err = (r.stdout, None) if r.returncode == 0 else (None, r.stderr)
                if err:
                    e = [l for l in err.splitlines() if l.startswith("error:")]
                    err = e[-1][7:] if e else err.strip()
            else:
                xml, err = lv.baseline([A["gptr"], B["gptr"]], True)
                if xml:
                    xml = re.sub(r"\n *<feature policy='require' name='(%s)'/>" % "|".join(QEMU_FILTERED),
                                 "", xml)
            open(outf, "w").write(xml or err)
            if err:
                lvres[vid] = dict(error=err)
                continue
            model, vendor, req, dis = parse_baseline(xml)
            models_seen.add(model)
            bits = set()
            for n in req:
                bits |= cmap[n][0]
            lvres[vid] = dict(model=model, vendor=vendor, req=req, dis=dis, bits=bits)
        results.append(dict(label=label, x=x, y=y, tag=tag, A=A, B=B, hbits=hbits, keys=keys,
                            hvalues=hvalues, hv_rc=hv_rc, hv_blocks=hv_blocks, lv=lvres))

    sigs = qemu_signatures(sorted(m for m in models_seen if m))

    # ---- compare ----
    def names(b, keys):
        h = hv.name(keys[b[:4]], b[4]) if b[:4] in keys else None
        return h, "/".join(lv_name.get(b, []))

    def classify(r, vid):
        """Bits of interest: named by libvirt's cpu_map or libhvabi's catalogue, set in either result."""
        L = r["lv"][vid]["bits"]
        inA, inB = r["A"]["bits"], r["B"]["bits"]
        both, only_h, only_l = [], [], []
        for b in sorted(r["hbits"] | L, key=lambda t: (t[0], t[1], t[2], t[3], t[4])):
            hn, ln = names(b, r["keys"])
            if not hn and not ln:
                continue
            h, l = b in r["hbits"], b in L
            if h and l:
                both.append(b)
            elif h:
                if not (b in inA and b in inB):
                    why = "weakness: libhvabi ORs it (%s has it)" % (
                        r["x"] if b in inA else r["y"])
                elif not ln:
                    why = "libvirt has no name"
                else:
                    feats = lv_name[b]
                    if any(not cmap[f][1] for f in feats) and vid != "test":
                        why = "libvirt: migratable='no'"
                    elif any(f in QEMU_FILTERED for f in feats):
                        why = "libvirt QEMU driver filter"
                    elif vid == "hyp":
                        why = "not in QEMU's feature list"
                    else:
                        why = "UNEXPLAINED"
                only_h.append((b, why))
            else:
                if not hn and b[:4] in r["keys"]:
                    why = "libhvabi has no name"
                elif b[:4] == ("cpuid", 0x80000007, 0, "edx") and b[4] == 8:
                    why = "libhvabi drops invtsc (no TSC rate pinned)"
                elif not (b in inA and b in inB):
                    why = "UNEXPLAINED (not in both CPUs)"
                else:
                    why = "UNEXPLAINED"
                only_l.append((b, why))
        return both, only_h, only_l

    o = []
    o.append("<!-- generated by scripts/libvirt-compare/libvirt_compare.py -->")
    o.append("libvirt %s (Debian libvirt0 %s), qemu-system-x86 %s, cpu_map %s; libhvabi from %s "
             "(tree %s)\n" % (versions["libvirt"], versions["libvirt-pkg"], versions["qemu-pkg"],
                             os.path.dirname(CPU_MAP), a.build, versions["hvabi-commit"]))
    o.append("### Input CPUs\n")
    o.append("What libvirt's cpuDecode() makes of each fingerprint's CPUID (f/m/s from CPUID.1.EAX).\n")
    o.append("| CPU | f/m/s | host decode (the virsh input) | guest decode, features disabled |")
    o.append("|---|---|---|---|")
    for n, c in cpus.items():
        f, m, s = signature(c["values"].get(("cpuid", 1, 0, "eax"), 0))
        o.append("| %s | %d/%d/%d | %s | %s: %s |" % (n, f, m, s, c["hmodel"], c["gmodel"],
                                                    " ".join(sorted(c["gdis"])) or "-"))
    o.append("")
    o.append("QEMU's family/model/stepping of the models chosen (query-cpu-model-expansion): " +
             "; ".join("%s %s/%s/%s" % (m, *sigs[m][:3]) for m in sorted(sigs)) + ".\n")

    o.append("### Summary\n")
    o.append("libvirt = QEMU driver `cpu-baseline --features --migratable`. Counted: bits named by "
             "libvirt's cpu_map or libhvabi's catalogue and set in either result. "
             "Other columns: model: both / only libhvabi / only libvirt.\n")
    o.append("| pair | libhvabi outcome | libvirt outcome | both | only libhvabi | only libvirt | "
             "test driver (no --migratable) | named models (guest decodes) |")
    o.append("|---|---|---|---|---|---|---|---|")
    matrix = {}   # bit -> {pair index: (who, why)}
    for i, r in enumerate(results):
        hv_sig = signature(r["hvalues"].get(("cpuid", 1, 0, "eax"), 0))
        vend = [l for l in r["hv_blocks"] if l.startswith("block conflict CPUID.0x0.")]
        msrs = sorted({l.split()[2] for l in r["hv_blocks"] if " msr:" in l})
        if vend:
            hv_out = "refused: vendor string differs (+%d other entries)" % (len(r["hv_blocks"]) - len(vend))
        elif r["hv_blocks"]:
            hv_out = "baseline, f/m/s %d/%d/%d; %d MSRs on one host only block" % (hv_sig + (len(msrs),))
        else:
            hv_out = "baseline, f/m/s %d/%d/%d" % hv_sig
        cells = [r["label"], hv_out]
        m = r["lv"]["mig"]
        if "error" in m:
            cells += ["refused: " + m["error"], "-", "-", "-"]
        else:
            both, oh, ol = classify(r, "mig")
            cells += ["%s, %s" % (m["model"], m["vendor"]), str(len(both)), str(len(oh)), str(len(ol))]
            for lst, who in ((oh, "H"), (ol, "L")):
                for b, why in lst:
                    matrix.setdefault(b, {})[i] = (who, why)
        for vid in ("test", "named"):
            v = r["lv"][vid]
            if "error" in v:
                cells.append("refused")
            else:
                b2, oh2, ol2 = classify(r, vid)
                cells.append("%s: %d / %d / %d" % (v["model"], len(b2), len(oh2), len(ol2)))
        o.append("| " + " | ".join(cells) + " |")
    o.append("")

    o.append("### Differences (QEMU driver `cpu-baseline --migratable`)\n")
    ok = [i for i, r in enumerate(results) if "error" not in r["lv"]["mig"]]
    o.append("Columns " + ", ".join("%d = %s" % (j + 1, results[i]["label"]) for j, i in enumerate(ok)) +
             ". H: only libhvabi keeps the bit; L: only libvirt; w: a weakness libhvabi ORs in "
             "(one host has it).\n")
    o.append("| bit | libhvabi | libvirt | QEMU (libhvabi alias) | " +
             " | ".join(str(j + 1) for j in range(len(ok))) + " | why |")
    o.append("|---|---|---|---|" + "---|" * len(ok) + "---|")
    for b in sorted(matrix, key=lambda t: (t[0], t[1], t[2], t[3], t[4])):
        r0 = results[next(iter(matrix[b]))]
        hn, ln = names(b, r0["keys"])
        cells, whys = [], []
        for i in ok:
            if i in matrix[b]:
                who, why = matrix[b][i]
                weak = why.startswith("weakness")
                cells.append(who + ("w" if weak else ""))
                w = "weakness, ORed" if weak else why
                if w not in whys:
                    whys.append(w)
            else:
                cells.append("")
        qn = hv.alias(r0["keys"][b[:4]], b[4]) if b[:4] in r0["keys"] else None
        o.append("| %s | %s | %s | %s | %s | %s |" % (bit_label(b), hn or "-", ln or "-", qn or "-",
                                                      " | ".join(cells), "; ".join(whys)))
    o.append("")

    o.append("### Other libvirt runs, against the `--migratable` run\n")
    for r in results:
        o.append("**%s**: libhvabi `hvabi baseline` exit %d%s." % (
            r["label"], r["hv_rc"],
            "; blocking entries: " + ", ".join(sorted({l.split()[3] if l.split()[2] == "-" else l.split()[2]
                                                       for l in r["hv_blocks"]})) if r["hv_blocks"] else ""))
        o.append("")
        for vid, desc, _, _, _ in variants:
            v = r["lv"][vid]
            if "error" in v:
                o.append("- `%s`: %s" % (desc, v["error"]))
                continue
            both, oh, ol = classify(r, vid)
            line = "- `%s`: %s, %s%s" % (desc, v["model"], v["vendor"],
                                         " (disabled: %s)" % " ".join(sorted(v["dis"])) if v["dis"] else "")
            if vid == "mig" or "error" in r["lv"]["mig"]:
                o.append(line)
                continue
            base = classify(r, "mig")
            bset = {b for b, _ in base[1]} | {b for b, _ in base[2]}
            notes = []
            for lst, who in ((oh, "libhvabi"), (ol, "libvirt")):
                for b, w in lst:
                    if b not in bset:
                        notes.append("only %s keeps %s" % (who, "/".join(x for x in names(b, r["keys"]) if x)))
            for b in sorted(bset - {b for b, _ in oh} - {b for b, _ in ol}):
                notes.append("%s no longer differs" % "/".join(x for x in names(b, r["keys"]) if x))
            o.append(line + ": " + ("; ".join(notes) if notes else "same bits"))
        o.append("")

    o.append("### Features both keep (libvirt names)\n")
    for r in results:
        if "error" in r["lv"]["mig"]:
            continue
        both = classify(r, "mig")[0]
        o.append("- %s: %s" % (r["label"], " ".join(sorted({names(b, r["keys"])[1] or names(b, r["keys"])[0]
                                                             for b in both}))))
    open(out_path, "w").write("\n".join(o) + "\n")
    print(out_path)


if __name__ == "__main__":
    main()
