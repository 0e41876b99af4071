/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * riscv_vmm: a minimal riscv64 VMM whose guest reports the SBI and ISA
 * ABI it sees, optionally pinned to a set with libhvabi.
 *
 *	riscv_vmm		the kernel's defaults
 *	riscv_vmm SET.json	that set (probe_host, baseline_hosts -o)
 *
 * It probes the host, creates a VM with one vCPU and 64 KiB of memory at
 * 2 GiB (where QEMU's virt machine has RAM), applies the set with
 * hvabi_apply() before the first KVM_RUN, and runs riscv_guest.S in
 * VS-mode. The guest makes SBI calls (base: spec and implementation
 * version and ids, probe_extension of every extension the catalogue's
 * SBI_EXT registers name) and tries the instructions whose trapping
 * follows the vCPU's ISA extensions; it stores each result to an
 * unmapped address (KVM_EXIT_MMIO) and ends with SBI SRST. The VMM prints
 * "guest: <name> = <hex>" lines and checks the values against the VM as
 * the library reads it back (hvabi_kvm_read_vm()) and against the set;
 * then that an ISA extension can no longer be switched off (EBUSY).
 *
 * Reports leave by MMIO rather than by an SBI call KVM forwards
 * (KVM_EXIT_RISCV_SBI): only the experimental and vendor ranges are
 * forwarded, and those are SBI_EXT registers a set may switch off.
 *
 * Exit status: 0 when the guest saw what KVM and the set say, 1 on a
 * mismatch or an error, 77 when /dev/kvm is missing, not permitted, or not
 * a riscv64 KVM.
 *
 * Build: by Meson on riscv64, or by hand, statically, for the kernels lab:
 *	riscv64-linux-gnu-gcc -static -Iinclude -IBUILD/include examples/riscv_vmm.c \
 *		examples/common.c examples/riscv_guest.S libhvabi.a
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/kvm.h>

#include <libhvabi/hvabi.h>

#include "common.h"

#define GUEST_MEM_BASE	0x80000000ull
#define GUEST_MEM_SIZE	0x10000u
/* The report window: no memory slot, so every store there exits to the VMM. */
#define REPORT_BASE	0x10000000ull
#define MAX_EXITS	4096u

/* The guest's code (riscv_guest.S), copied to GUEST_MEM_BASE. */
extern const uint8_t riscv_guest_start[], riscv_guest_end[];

/* The guest's reports: window + 8 * tag (the order of riscv_guest.S). */
enum tag {
	T_SPEC_VERSION,
	T_IMPL_ID,
	T_IMPL_VERSION,
	T_MVENDORID,
	T_MARCHID,
	T_MIMPID,
	T_PROBE_BASE,
	T_PROBE_V01,
	T_PROBE_TIME,
	T_PROBE_IPI,
	T_PROBE_RFENCE,
	T_PROBE_SRST,
	T_PROBE_HSM,
	T_PROBE_PMU,
	T_PROBE_DBCN,
	T_PROBE_STA,
	T_PROBE_SUSP,
	T_PROBE_FWFT,
	T_PROBE_MPXY,
	T_TRAP_FCSR,
	T_TRAP_MISA,
	T_TRAP_STIMECMP,
	T_TRAP_TIME,
	T_TRAP_CYCLE,
	T_TRAP_INSTRET,
	T_TRAP_HPMCOUNTER3,
	T_TRAP_CBO_ZERO,
	T_TRAP_CBO_CLEAN,
	NTAGS
};

#define EXC_INST_ILLEGAL	2u

struct tag_info {
	const char *name;	/* printed after "guest: " */
	/*
	 * The entry whose value the guest's answer is (@on == @off == 0), or
	 * the ISA extension that decides it: @on where the vCPU has it, @off
	 * where not.
	 */
	const char *entry;
	bool derived;
	uint64_t on, off;
	/*
	 * What the probe's guest read (HVABI_PROBE_GUEST_READS): where the
	 * set or the host profile has it, the library's word on what this
	 * guest reads, which it must read, whatever KVM's registers say.
	 */
	const char *guest;
};

#define SBI_TAG(nm, reg) { "SBI_PROBE(" nm ")", reg, false, 0, 0, "guest.SBI_PROBE_" nm }

static const struct tag_info tags[NTAGS] = {
	[T_SPEC_VERSION] = { "SBI_SPEC_VERSION", NULL, false, 0, 0, "guest.SBI_SPEC_VERSION" },
	[T_IMPL_ID] = { "SBI_IMPL_ID", NULL, false, 0, 0, "guest.SBI_IMPL_ID" },
	[T_IMPL_VERSION] = { "SBI_IMPL_VERSION", NULL, false, 0, 0, "guest.SBI_IMPL_VERSION" },
	[T_MVENDORID] = { "SBI_MVENDORID", "CONFIG_MVENDORID", false, 0, 0, "guest.MVENDORID" },
	[T_MARCHID] = { "SBI_MARCHID", "CONFIG_MARCHID", false, 0, 0, "guest.MARCHID" },
	[T_MIMPID] = { "SBI_MIMPID", "CONFIG_MIMPID", false, 0, 0, "guest.MIMPID" },
	[T_PROBE_BASE] = { "SBI_PROBE(BASE)" },
	/*
	 * The register reads 1 where the kernel is built without
	 * CONFIG_RISCV_SBI_V01 (Debian's), whose stub in vcpu_sbi.c has no
	 * ids: the guest's probe answers 0. No ioctl tells the two apart.
	 */
	[T_PROBE_V01] = SBI_TAG("V01", NULL),
	[T_PROBE_TIME] = SBI_TAG("TIME", "SBI_EXT_TIME"),
	[T_PROBE_IPI] = SBI_TAG("IPI", "SBI_EXT_IPI"),
	[T_PROBE_RFENCE] = SBI_TAG("RFENCE", "SBI_EXT_RFENCE"),
	[T_PROBE_SRST] = SBI_TAG("SRST", "SBI_EXT_SRST"),
	[T_PROBE_HSM] = SBI_TAG("HSM", "SBI_EXT_HSM"),
	/* kvm_sbi_ext_pmu_probe() answers whether the PMU initialised, not 1 */
	[T_PROBE_PMU] = SBI_TAG("PMU", NULL),
	[T_PROBE_DBCN] = SBI_TAG("DBCN", "SBI_EXT_DBCN"),
	[T_PROBE_STA] = SBI_TAG("STA", "SBI_EXT_STA"),
	[T_PROBE_SUSP] = SBI_TAG("SUSP", "SBI_EXT_SUSP"),
	[T_PROBE_FWFT] = SBI_TAG("FWFT", "SBI_EXT_FWFT"),
	[T_PROBE_MPXY] = SBI_TAG("MPXY", "SBI_EXT_MPXY"),
	/* kvm_riscv_vcpu_fp_reset() (vcpu_fp.c): the host's sstatus.FS Off without F and D */
	[T_TRAP_FCSR] = { "TRAP(frcsr)" },
	[T_TRAP_MISA] = { "TRAP(csrr misa)" },
	/* henvcfg.STCE, set at the first run with Sstc (vcpu_config.c in 7.2, vcpu.c before) */
	[T_TRAP_STIMECMP] = { "TRAP(csrr stimecmp)", "ISA_EXT_SSTC", true, 0, EXC_INST_ILLEGAL },
	[T_TRAP_TIME] = { "TRAP(rdtime)" },
	[T_TRAP_CYCLE] = { "TRAP(rdcycle)" },
	[T_TRAP_INSTRET] = { "TRAP(rdinstret)" },
	[T_TRAP_HPMCOUNTER3] = { "TRAP(csrr hpmcounter3)" },
	/* henvcfg.CBZE with Zicboz, CBCFE with Zicbom */
	[T_TRAP_CBO_ZERO] = { "TRAP(cbo.zero)", "ISA_EXT_ZICBOZ", true, 0, EXC_INST_ILLEGAL },
	[T_TRAP_CBO_CLEAN] = { "TRAP(cbo.clean)", "ISA_EXT_ZICBOM", true, 0, EXC_INST_ILLEGAL },
};

static int fail(const char *what, int err)
{
	fprintf(stderr, "riscv_vmm: %s: %s\n", what, strerror(err));
	return 1;
}

static void print_report(const struct hvabi_report *rep)
{
	struct hvabi_report_item it;
	size_t i;

	for (i = 0; i < hvabi_report_count(rep); i++) {
		if (hvabi_report_get_item(rep, i, &it, sizeof(it)) || it.severity == HVABI_SEVERITY_INFO)
			continue;
		printf("  %s %s %s: %s\n", hvabi_severity_name(it.severity),
		       hvabi_reason_name(it.reason), it.name, it.message);
	}
}

/* The entry @name of @fs; 0, -ENOENT, or another negative errno. */
static int find_named(const struct hvabi_featureset *fs, const char *name,
		      struct hvabi_entry *e)
{
	struct hvabi_key key;
	int r;

	r = hvabi_key_from_string(HVABI_ARCH_RISCV64, name, &key);
	return r ? r : hvabi_featureset_find(fs, &key, e);
}

/* Whether the VM offers ISA extension @name; an unlisted one it does not. */
static bool has_ext(const struct hvabi_featureset *vm, const char *name)
{
	struct hvabi_entry e;

	return !find_named(vm, name, &e) && e.value;
}

static int set_core_reg(int vcpu_fd, uint64_t id, uint64_t value)
{
	struct kvm_one_reg reg = { .id = id, .addr = (uintptr_t)&value };

	return ioctl(vcpu_fd, KVM_SET_ONE_REG, &reg);
}

#define CORE_REG(field) \
	(KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_CORE | KVM_REG_RISCV_CORE_REG(field))

/* One store of the guest to its report window: the value of one tag. */
static int take_report(const struct kvm_run *run, uint64_t *val, bool *seen)
{
	uint64_t off = run->mmio.phys_addr - REPORT_BASE;

	if (!run->mmio.is_write || run->mmio.len != 8 ||
	    run->mmio.phys_addr < REPORT_BASE || off % 8 || off / 8 >= NTAGS) {
		fprintf(stderr, "riscv_vmm: unexpected MMIO %s of %u bytes at 0x%llx\n",
			run->mmio.is_write ? "write" : "read", run->mmio.len,
			(unsigned long long)run->mmio.phys_addr);
		return 1;
	}
	memcpy(&val[off / 8], run->mmio.data, sizeof(val[0]));
	seen[off / 8] = true;
	return 0;
}

/* Run until SBI SRST shuts the VM down, storing each report in @val. */
static int run_guest(int vcpu_fd, struct kvm_run *run, uint64_t *val, bool *seen)
{
	unsigned int exits;

	for (exits = 0; exits < MAX_EXITS; exits++) {
		if (ioctl(vcpu_fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return fail("KVM_RUN", errno);
		}
		switch (run->exit_reason) {
		case KVM_EXIT_MMIO:
			if (take_report(run, val, seen))
				return 1;
			break;
		case KVM_EXIT_SYSTEM_EVENT:
			if (run->system_event.type != KVM_SYSTEM_EVENT_SHUTDOWN) {
				fprintf(stderr, "riscv_vmm: system event %u, not a "
					"shutdown\n", run->system_event.type);
				return 1;
			}
			return 0;
		case KVM_EXIT_RISCV_SBI:
			/* the guest calls nothing KVM forwards: a kernel that did is news */
			fprintf(stderr, "riscv_vmm: SBI call forwarded: extension 0x%lx "
				"function 0x%lx\n", run->riscv_sbi.extension_id,
				run->riscv_sbi.function_id);
			return 1;
		case KVM_EXIT_RISCV_CSR:
			fprintf(stderr, "riscv_vmm: CSR 0x%lx forwarded\n",
				run->riscv_csr.csr_num);
			return 1;
		case KVM_EXIT_INTERNAL_ERROR:
			fprintf(stderr, "riscv_vmm: KVM internal error, suberror %u\n",
				run->internal.suberror);
			return 1;
		default:
			fprintf(stderr, "riscv_vmm: unexpected exit reason %u\n",
				run->exit_reason);
			return 1;
		}
	}
	fprintf(stderr, "riscv_vmm: the guest did not stop after %u exits\n", MAX_EXITS);
	return 1;
}

static void print_value(enum tag t, uint64_t v)
{
	printf("guest: %s = 0x%" PRIx64, tags[t].name, v);
	if (t == T_SPEC_VERSION)
		printf(" (%" PRIu64 ".%" PRIu64 ")", (v >> 24) & 0x7f, v & 0xffffff);
	else if (t == T_IMPL_VERSION)
		printf(" (%" PRIu64 ".%" PRIu64 ".%" PRIu64 ")", v >> 16, (v >> 8) & 0xff,
		       v & 0xff);
	else if ((int64_t)v < 0)
		printf(" (SBI error %" PRId64 ")", (int64_t)v);
	printf("\n");
}

/* What the guest should have seen of tag @t on VM @vm; false: nothing known. */
static bool expected(enum tag t, const struct hvabi_featureset *vm, uint64_t *want,
		     char *why, size_t len)
{
	struct hvabi_entry e;
	int r;

	if (t == T_TRAP_FCSR) {
		*want = has_ext(vm, "ISA_EXT_F") || has_ext(vm, "ISA_EXT_D") ? 0 : EXC_INST_ILLEGAL;
		snprintf(why, len, "ISA_EXT_F and D");
		return true;
	}
	if (!tags[t].entry)
		return false;
	if (tags[t].derived) {
		*want = has_ext(vm, tags[t].entry) ? tags[t].on : tags[t].off;
		snprintf(why, len, "%s", tags[t].entry);
		return true;
	}
	r = find_named(vm, tags[t].entry, &e);
	/* an SBI extension the kernel does not list is one it does not have */
	if (r == -ENOENT && !strncmp(tags[t].entry, "SBI_EXT_", 8))
		e.value = 0;
	else if (r)
		return false;
	*want = e.value;
	snprintf(why, len, "KVM reads back %s", tags[t].entry);
	return true;
}

/*
 * Each value the library's guest step read (the set's guest.* entries,
 * else the host's) must be that; each other value with a catalogue entry
 * (or an ISA extension deciding it) what KVM reads back for the VM (@vm)
 * and, where a set was applied, what the set says. Returns the number of
 * mismatches.
 */
static unsigned int compare(const uint64_t *val, const struct hvabi_featureset *vm,
			    const struct hvabi_featureset *set,
			    const struct hvabi_featureset *host)
{
	const struct hvabi_featureset *word = set ? set : host;
	unsigned int bad = 0, t;
	uint64_t want;
	char why[64];

	for (t = 0; t < NTAGS; t++) {
		struct hvabi_entry e;

		if (tags[t].guest && word && !find_named(word, tags[t].guest, &e)) {
			if (e.value != val[t]) {
				printf("mismatch: %s: guest 0x%" PRIx64 ", the library's %s: 0x%"
				       PRIx64 "\n", tags[t].name, val[t], tags[t].guest, e.value);
				bad++;
			}
			continue;
		}

		if (expected((enum tag)t, vm, &want, why, sizeof(why)) && want != val[t]) {
			printf("mismatch: %s: guest 0x%" PRIx64 ", %s: 0x%" PRIx64 "\n",
			       tags[t].name, val[t], why, want);
			bad++;
		}
		if (!set || !expected((enum tag)t, set, &want, why, sizeof(why)))
			continue;
		/* the set need not name every ISA extension: only those it does */
		if (tags[t].derived && find_named(set, tags[t].entry, &e))
			continue;
		if (want != val[t]) {
			printf("mismatch: %s: guest 0x%" PRIx64 ", the set's %s: 0x%" PRIx64 "\n",
			       tags[t].name, val[t], why, want);
			bad++;
		}
	}
	return bad;
}

/*
 * ISA extensions are fixed at the first KVM_RUN: after it KVM refuses to
 * change one (EBUSY, vcpu_onereg.c). No check can see a VM's age, so a
 * VMM applies before the first run; here, after it, the host's profile
 * with the first extension this host lets be disabled (@host's HAS_MIN 0)
 * written off must come back as EBUSY on that extension, while check,
 * which judges what a new VM can be given, allows it. Returns the number
 * of surprises.
 */
static unsigned int after_run(struct hvabi_kvm *kvm, int vm_fd, int vcpu_fd,
			      const struct hvabi_featureset *vm,
			      const struct hvabi_featureset *host)
{
	struct hvabi_featureset *late = NULL;
	struct hvabi_report *rep = NULL;
	struct hvabi_report_item it;
	struct hvabi_entry e;
	bool ok = false;
	int r = 0;
	size_t i;
	bool found = false;

	for (i = 0; !found && i < hvabi_featureset_count(host); i++) {
		if (hvabi_featureset_get_entry(host, i, &e) || !e.value ||
		    !(e.flags & HVABI_ENTRY_HAS_MIN) || e.min)
			continue;
		found = !hvabi_featureset_find(vm, &e.key, NULL);
	}
	if (!found) {
		printf("after-run: no extension this host lets be disabled\n");
		return 0;
	}
	/*
	 * The host's profile, not the VM as read back: a set read from a VM
	 * cannot say what its guest read directly (the SBI answers), which
	 * check needs to compare with the host's.
	 */
	if (hvabi_featureset_copy(host, &late) || hvabi_featureset_set_value(late, &e.key, 0)) {
		hvabi_featureset_free(late);
		return 1;
	}
	if (hvabi_check(late, host, 0, &ok, NULL)) {
		hvabi_featureset_free(late);
		return 1;
	}
	r = hvabi_apply(kvm, late, vm_fd, &vcpu_fd, 1, NULL, &rep);
	for (i = 0; i < hvabi_report_count(rep); i++)
		if (!hvabi_report_get_item(rep, i, &it, sizeof(it)) && !hvabi_key_compare(&it.key, &e.key))
			break;
	printf("after-run: %s off: check %s; apply: %s (the entry: %s)\n",
	       i < hvabi_report_count(rep) ? it.name : "?",
	       ok ? "allows (a new VM)" : "refuses", r ? strerror(-r) : "written",
	       i < hvabi_report_count(rep) ? hvabi_reason_name(it.reason) : "not in the report");
	hvabi_report_free(rep);
	hvabi_featureset_free(late);
	return ok && r == -EBUSY ? 0 : 1;
}

/* The VM, the set applied, the guest run and checked. Returns the exit status. */
static int run_vm(int kvm_fd, struct hvabi_kvm *kvm, const struct hvabi_featureset *set,
		  const struct hvabi_featureset *host)
{
	size_t code_len = (size_t)(riscv_guest_end - riscv_guest_start);
	struct kvm_userspace_memory_region region;
	struct hvabi_featureset *vm = NULL;
	struct hvabi_report *report = NULL;
	struct kvm_run *run = MAP_FAILED;
	uint8_t *mem = MAP_FAILED;
	uint64_t val[NTAGS];
	bool seen[NTAGS];
	int vm_fd, vcpu_fd = -1, mmap_size = 0, r, status = 1;
	unsigned int t, bad;

	memset(val, 0, sizeof(val));
	memset(seen, 0, sizeof(seen));
	vm_fd = ioctl(kvm_fd, KVM_CREATE_VM, 0);
	if (vm_fd < 0)
		return fail("KVM_CREATE_VM", errno);
	mem = mmap(NULL, GUEST_MEM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		fail("mmap guest memory", errno);
		goto out;
	}
	if (code_len > GUEST_MEM_SIZE) {
		fail("guest code", E2BIG);
		goto out;
	}
	memcpy(mem, riscv_guest_start, code_len);
	memset(&region, 0, sizeof(region));
	region.slot = 0;
	region.guest_phys_addr = GUEST_MEM_BASE;
	region.memory_size = GUEST_MEM_SIZE;
	region.userspace_addr = (uintptr_t)mem;
	if (ioctl(vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0) {
		fail("KVM_SET_USER_MEMORY_REGION", errno);
		goto out;
	}
	vcpu_fd = ioctl(vm_fd, KVM_CREATE_VCPU, 0);
	if (vcpu_fd < 0) {
		fail("KVM_CREATE_VCPU", errno);
		goto out;
	}
	mmap_size = ioctl(kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (mmap_size < (int)sizeof(*run)) {
		fail("KVM_GET_VCPU_MMAP_SIZE", mmap_size < 0 ? errno : EINVAL);
		goto out;
	}
	run = mmap(NULL, (size_t)mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu_fd, 0);
	if (run == MAP_FAILED) {
		fail("mmap kvm_run", errno);
		goto out;
	}

	/* ISA and SBI extensions are fixed at the first KVM_RUN (EBUSY after). */
	if (set) {
		r = hvabi_apply(kvm, set, vm_fd, &vcpu_fd, 1, NULL, &report);
		printf("apply: %zu entries\n", hvabi_report_count(report));
		print_report(report);
		hvabi_report_free(report);
		if (r) {
			fail("hvabi_apply", -r);
			goto out;
		}
	}

	if (set_core_reg(vcpu_fd, CORE_REG(regs.pc), GUEST_MEM_BASE) < 0) {
		fail("KVM_SET_ONE_REG pc", errno);
		goto out;
	}
	if (set_core_reg(vcpu_fd, CORE_REG(regs.a0), REPORT_BASE) < 0) {
		fail("KVM_SET_ONE_REG a0", errno);
		goto out;
	}
	if (run_guest(vcpu_fd, run, val, seen))
		goto out;
	for (t = 0; t < NTAGS; t++) {
		if (!seen[t]) {
			fprintf(stderr, "riscv_vmm: the guest never reported %s\n",
				tags[t].name);
			goto out;
		}
		print_value((enum tag)t, val[t]);
	}

	r = hvabi_kvm_read_vm(kvm, vm_fd, &vcpu_fd, 1, 0, &vm);
	if (r) {
		fail("hvabi_kvm_read_vm", -r);
		goto out;
	}
	bad = compare(val, vm, set, host) + after_run(kvm, vm_fd, vcpu_fd, vm, host);
	if (bad) {
		printf("riscv_vmm: %u mismatches\n", bad);
		goto out;
	}
	printf("riscv_vmm: the guest saw what KVM and the %s say\n", set ? "set" : "kernel");
	status = 0;
out:
	hvabi_featureset_free(vm);
	if (run != MAP_FAILED && munmap(run, (size_t)mmap_size) < 0)
		status = fail("munmap kvm_run", errno);
	if (vcpu_fd >= 0 && close(vcpu_fd) < 0)
		status = fail("close vcpu", errno);
	if (close(vm_fd) < 0)
		status = fail("close vm", errno);
	if (mem != MAP_FAILED && munmap(mem, GUEST_MEM_SIZE) < 0)
		status = fail("munmap guest memory", errno);
	return status;
}

int main(int argc, char **argv)
{
	struct hvabi_featureset *host = NULL, *set = NULL;
	struct hvabi_report *report = NULL;
	struct hvabi_kvm *kvm = NULL;
	int kvm_fd, r, status;

	if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
		fprintf(stderr, "usage: riscv_vmm [SET.json]\n");
		return 2;
	}
	status = example_open_host("riscv_vmm", HVABI_ARCH_RISCV64, &kvm_fd, &kvm, &host);
	if (status)
		return status;
	status = 1;
	if (argc == 2 && example_load_set("riscv_vmm", argv[1], HVABI_ARCH_RISCV64, &set))
		goto out;

	/* A VMM refuses a set the host cannot give before it starts the guest. */
	if (set) {
		bool may_move;

		r = hvabi_check(set, host, 0, &may_move, &report);
		if (r < 0) {
			fail("hvabi_check", -r);
			goto out;
		}
		if (!may_move) {
			printf("riscv_vmm: this host cannot give the set:\n");
			print_report(report);
			goto out;
		}
	}
	status = run_vm(kvm_fd, kvm, set, host);
out:
	hvabi_report_free(report);
	hvabi_featureset_free(set);
	hvabi_featureset_free(host);
	hvabi_kvm_free(kvm);
	if (close(kvm_fd) < 0)
		status = fail("close /dev/kvm", errno);
	return status;
}
