// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kprobe: probe this kernel's KVM with libhvabi and print the profile.
 *
 *	kprobe [DEVICE]		probe DEVICE (default /dev/kvm); on arm64
 *				and riscv with the probe's guest
 *				(HVABI_PROBE_GUEST_READS)
 *	kprobe --sim MODEL [--seed FILE]
 *				probe the library's simulated kernel MODEL
 *				(e.g. arm64-6.12; "auto": arm64-X.Y of the
 *				running kernel), seeded with the host values
 *				of FILE (hostseed.h), to compare with the
 *				real one
 *
 * Prints, one fact a line:
 *
 *	release <uname -r>
 *	open rc=<rc>
 *	probe rc=<rc> entries=<n> ms=<milliseconds>
 *	profile release=<release recorded in the profile> origin=<origin>
 *	stats ioctls=<n> get_one_reg=<n> set_one_reg=<n> device_attr=<n> retries=<n>
 *	count ns=<namespace> <n>		entries per key namespace
 *	count kind=<kind> <n>			entries per kind
 *	entry <key> <name|-> <kind> <scope> w=<width> value=<hex> [max=] [min=] [mask=]
 *	classes listed=<n> abi=<n> state=<n> unclassified=<n>	(arm64:
 *				every register a vCPU lists, as the library
 *				classes it; then "unclassified <id>" lines)
 *	json-begin
 *	<the profile as hvabi_featureset_to_json() writes it>
 *	json-end
 *
 * Exit status: 0; 1 when open, probe or the JSON codec failed; 2 when
 * the library has no simulated model MODEL.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <linux/kvm.h>

#include <libhvabi/hvabi.h>
#include <libhvabi/sim.h>

#include "hostseed.h"

/* The kinds this build knows (the library keeps its count private). */
#define KINDS (HVABI_KIND_FREQUENCY + 1)

static const char *ns_name(unsigned int ns)
{
	switch (ns) {
	case HVABI_NS_ONE_REG: return "one_reg";
	case HVABI_NS_ATTR: return "attr";
	case HVABI_NS_CPUID: return "cpuid";
	case HVABI_NS_MSR: return "msr";
	case HVABI_NS_CAP: return "cap";
	case HVABI_NS_VCPU_VALUE: return "vcpu";
	case HVABI_NS_GUEST_READ: return "guest";
	default: return "?";
	}
}

/*
 * Every register KVM lists for a vCPU made as the probe's (arm64):
 * guest ABI (the profile has it), vCPU state the VMM migrates
 * (hvabi_catalog_state_reason()), or nobody's:
 *
 *	classes listed=<n> abi=<n> state=<n> unclassified=<n>
 *	unclassified <id>
 */
static void classify(struct hvabi_kvm *kvm, struct hvabi_sim *sim,
		     const struct hvabi_featureset *fs)
{
	enum hvabi_arch arch = hvabi_featureset_get_arch(fs);
	struct kvm_reg_list hdr = { .n = 0 }, *l;
	size_t abi = 0, state = 0, none = 0;
	int vm, vcpu, r;

	/* the catalogue classes arm64's registers; riscv's and x86's are not classed yet */
	if (arch != HVABI_ARCH_ARM64 || hvabi_kvm_create_vm(kvm, NULL, 1, &vm, &vcpu))
		return;
	r = sim ? hvabi_sim_ioctl(sim, vcpu, KVM_GET_REG_LIST, &hdr)
		: ioctl(vcpu, KVM_GET_REG_LIST, &hdr) < 0 ? -errno : 0;
	l = r == -E2BIG ? calloc(1, sizeof(*l) + hdr.n * sizeof(l->reg[0])) : NULL;
	if (l) {
		l->n = hdr.n;
		r = sim ? hvabi_sim_ioctl(sim, vcpu, KVM_GET_REG_LIST, l)
			: ioctl(vcpu, KVM_GET_REG_LIST, l) < 0 ? -errno : 0;
	}
	for (uint64_t i = 0; l && !r && i < l->n; i++) {
		struct hvabi_key key = hvabi_key_reg(l->reg[i]);

		if (!hvabi_featureset_find(fs, &key, NULL))
			abi++;
		else if (hvabi_catalog_state_reason(arch, &key))
			state++;
		else
			none++;
	}
	if (l && !r)
		printf("classes listed=%llu abi=%zu state=%zu unclassified=%zu\n",
		       (unsigned long long)l->n, abi, state, none);
	for (uint64_t i = 0; l && !r && i < l->n; i++) {
		struct hvabi_key key = hvabi_key_reg(l->reg[i]);

		if (hvabi_featureset_find(fs, &key, NULL) &&
		    !hvabi_catalog_state_reason(arch, &key))
			printf("unclassified 0x%016llx\n", (unsigned long long)l->reg[i]);
	}
	free(l);
	if (sim) {
		hvabi_sim_close(sim, vcpu);
		hvabi_sim_close(sim, vm);
	} else {
		close(vcpu);
		close(vm);
	}
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void print_entry(enum hvabi_arch arch, const struct hvabi_entry *e)
{
	struct hvabi_catalog_info info;
	const char *kind = hvabi_kind_name((enum hvabi_kind)e->kind);
	char key[96];
	size_t i = sizeof(key);

	if (hvabi_key_to_string(&e->key, key, &i) < 0)
		snprintf(key, sizeof(key), "?ns%u:0x%llx", e->key.ns,
			 (unsigned long long)e->key.id);
	if (hvabi_catalog_lookup(arch, &e->key, &info, sizeof(info)) < 0)
		info.name = NULL;
	printf("entry %s %s %s %s w=%u value=", key, info.name ? info.name : "-",
	       kind ? kind : "?", e->scope == HVABI_SCOPE_VM ? "vm" : "vcpu", e->width);
	if (e->width > 8 && e->wide) {
		for (i = 0; i < e->width; i++)
			printf("%02x", e->wide[i]);
	} else {
		printf("0x%llx", (unsigned long long)e->value);
	}
	if (e->flags & HVABI_ENTRY_HAS_MAX)
		printf(" max=0x%llx", (unsigned long long)e->max);
	if (e->flags & HVABI_ENTRY_HAS_MIN)
		printf(" min=0x%llx", (unsigned long long)e->min);
	if (e->flags & HVABI_ENTRY_HAS_MASK)
		printf(" mask=0x%llx", (unsigned long long)e->mask);
	if (e->kind == HVABI_KIND_RANGESET)
		printf(" ranges=%u", e->nranges);
	printf("\n");
}

int main(int argc, char **argv)
{
	const char *dev = argc > 1 ? argv[1] : NULL;
	struct hvabi_sim *sim = NULL;
	const char *model = NULL;
	char model_buf[64];
	size_t per_ns[8] = { 0 }, per_kind[KINDS] = { 0 };
	struct hvabi_featureset *fs = NULL;
	struct hvabi_kvm_stats stats;
	struct hvabi_kvm *kvm = NULL;
	struct hvabi_entry e;
	struct utsname u;
	enum hvabi_arch arch;
	long long t0;
	size_t i, n, len = 0;
	char *json;
	int rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	uname(&u);
	printf("release %s\n", u.release);

	if (dev && strcmp(dev, "--sim") == 0) {
		if (argc > 2)
			model = hostseed_model(argv[2], model_buf, sizeof(model_buf));
		rc = model ? hvabi_sim_new(model, &sim) : -EINVAL;
		if (rc < 0) {
			printf("sim %s rc=%d %s\n", model ? model : "(none)", rc,
			       strerror(-rc));
			return 2;
		}
		printf("sim %s release %s\n", model, hvabi_sim_get_release(sim));
		if (argc > 4 && strcmp(argv[3], "--seed") == 0) {
			rc = hostseed_apply(sim, argv[4], stdout);
			if (rc < 0) {
				printf("seed %s rc=%d %s\n", argv[4], rc, strerror(-rc));
				hvabi_sim_free(sim);
				return 2;
			}
			printf("seeded %d host values\n", rc);
		}
		rc = hvabi_kvm_new_from_sim(sim, &kvm);
	} else {
		rc = hvabi_kvm_open(dev, 0, &kvm);
	}
	printf("open rc=%d%s%s\n", rc, rc < 0 ? " " : "", rc < 0 ? strerror(-rc) : "");
	if (rc < 0) {
		hvabi_sim_free(sim);
		return 1;
	}

	t0 = now_ms();
	/* arm64, riscv: also what the probe's guest reads (CNTFRQ_EL0, the SBI answers, ...) */
	rc = hvabi_kvm_probe(kvm, hvabi_kvm_get_arch(kvm) != HVABI_ARCH_X86_64
					  ? HVABI_PROBE_GUEST_READS : 0, &fs);
	n = rc < 0 ? 0 : hvabi_featureset_count(fs);
	printf("probe rc=%d%s%s entries=%zu ms=%lld\n", rc, rc < 0 ? " " : "",
	       rc < 0 ? strerror(-rc) : "", n, now_ms() - t0);
	if (hvabi_kvm_get_stats(kvm, &stats, sizeof(stats)) == 0)
		printf("stats ioctls=%llu get_one_reg=%llu set_one_reg=%llu device_attr=%llu retries=%llu\n",
		       (unsigned long long)stats.ioctls, (unsigned long long)stats.get_one_reg,
		       (unsigned long long)stats.set_one_reg,
		       (unsigned long long)stats.device_attr, (unsigned long long)stats.retries);
	if (rc < 0) {
		hvabi_kvm_free(kvm);
		hvabi_sim_free(sim);
		return 1;
	}

	arch = hvabi_featureset_get_arch(fs);
	printf("profile arch=%s release=%s origin=%s\n", hvabi_arch_name(arch),
	       hvabi_featureset_get_kernel_release(fs),
	       hvabi_origin_name(hvabi_featureset_get_origin(fs)));

	for (i = 0; i < n; i++) {
		if (hvabi_featureset_get_entry(fs, i, &e) < 0)
			continue;
		per_ns[e.key.ns < 8 ? e.key.ns : 0]++;
		if (e.kind < KINDS)
			per_kind[e.kind]++;
	}
	for (i = 1; i < 8; i++)
		if (per_ns[i])
			printf("count ns=%s %zu\n", ns_name((unsigned int)i), per_ns[i]);
	for (i = 0; i < KINDS; i++)
		if (per_kind[i])
			printf("count kind=%s %zu\n", hvabi_kind_name((enum hvabi_kind)i),
			       per_kind[i]);
	for (i = 0; i < n; i++)
		if (hvabi_featureset_get_entry(fs, i, &e) == 0)
			print_entry(arch, &e);
	classify(kvm, sim, fs);

	rc = hvabi_featureset_to_json_alloc(fs, &json);
	if (rc < 0) {
		printf("json rc=%d %s\n", rc, strerror(-rc));
		goto fail;
	}
	len = strlen(json);
	printf("json-begin\n");
	fwrite(json, 1, len, stdout);
	if (len == 0 || json[len - 1] != '\n')
		printf("\n");
	printf("json-end\n");
	free(json);

	hvabi_featureset_free(fs);
	hvabi_kvm_free(kvm);
	hvabi_sim_free(sim);
	return 0;
fail:
	hvabi_featureset_free(fs);
	hvabi_kvm_free(kvm);
	hvabi_sim_free(sim);
	return 1;
}
