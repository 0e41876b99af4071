/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The verbs that talk to a KVM: probe (a host profile) and apply (a set
 * on a scratch VM, read back on every vCPU). The KVM is this host's
 * device or a simulated kernel; the tool itself never calls ioctl().
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include <libhvabi/sim.h>

/* The most vCPUs apply makes; KVM's own limits are lower on most hosts. */
#define CLI_MAX_VCPUS 1024u

/*
 * A KVM to probe or apply to: this host's device or a simulated kernel;
 * past opening, the verbs do not care which.
 */
struct cli_kvm {
	struct hvabi_kvm *kvm;
	char what[96];         /* "/dev/kvm", "simulated arm64-6.12", for messages */
};

/* --sim list: a name a line, or (-j) a JSON array of the names. */
static void print_models(void)
{
	size_t i;

	if (!cli_json) {
		for (i = 0; hvabi_sim_model_name(i); i++)
			puts(hvabi_sim_model_name(i));
		return;
	}
	putchar('[');
	for (i = 0; hvabi_sim_model_name(i); i++) {
		fputs(i ? ", " : "", stdout);
		cli_json_string(stdout, hvabi_sim_model_name(i));
	}
	puts("]");
}

static void cli_kvm_close(struct cli_kvm *k)
{
	hvabi_kvm_free(k->kvm);
	k->kvm = NULL;
}

/* Open the device, or the simulator @p model when it is not NULL. @return 0 or an exit status */
static int cli_kvm_open(const char *device, const char *model, struct cli_kvm *k)
{
	int r;

	memset(k, 0, sizeof(*k));
	if (model) {
		struct hvabi_sim *sim;

		snprintf(k->what, sizeof(k->what), "simulated %s", model);
		r = hvabi_sim_new(model, &sim);
		if (r == -ENOENT) {
			char models[512] = "";
			size_t i, o = 0;

			for (i = 0; hvabi_sim_model_name(i) && o < sizeof(models); i++)
				o += (size_t)snprintf(models + o, sizeof(models) - o, "%s%s",
						      i ? ", " : "", hvabi_sim_model_name(i));
			cli_err("no simulated model '%s'; the models are: %s", model, models);
			return CLI_EXIT_ERROR;
		}
		if (!r) {
			r = hvabi_kvm_new_from_sim(sim, &k->kvm);
			/* The handle holds the simulator; the tool needs only the handle. */
			hvabi_sim_free(sim);
		}
		if (r) {
			cli_err("cannot create the simulated %s: %s", model, cli_strerror(r));
			return CLI_EXIT_ERROR;
		}
		return 0;
	}
	if (!device)
		device = "/dev/kvm";
	snprintf(k->what, sizeof(k->what), "%s", device);
	r = hvabi_kvm_open(device, 0, &k->kvm);
	switch (r) {
	case 0:
		return 0;
	case -ENOENT:
		cli_err("cannot open %s: %s (no KVM on this host? try --sim MODEL)", device,
			cli_strerror(r));
		break;
	case -EACCES:
	case -EPERM:
		cli_err("cannot open %s: %s (not in the kvm group? try --sim MODEL)", device,
			cli_strerror(r));
		break;
	case -ENOTTY:
		cli_err("cannot use %s: not a KVM device, or a KVM API version other than 12",
			device);
		break;
	case -EOPNOTSUPP:
		cli_err("cannot use %s: this libhvabi has no KVM support for this host's "
			"architecture (try --sim MODEL)", device);
		break;
	default:
		cli_err("cannot open %s: %s", device, cli_strerror(r));
		break;
	}
	return CLI_EXIT_ERROR;
}

/* --sim list, or the check that --device and --sim are not both given. @return -1 to go on */
static int model_options(const struct cli_verb *verb, const char *device, const char *model)
{
	if (device && model)
		return cli_usage_error(verb, "--device and --sim exclude each other");
	if (model && !strcmp(model, "list")) {
		print_models();
		return CLI_EXIT_OK;
	}
	return -1;
}

/* ---------------------------------------------------------------- probe */

static const struct option probe_options[] = {
	{ "device", required_argument, NULL, 'd' },
	{ "sim", required_argument, NULL, 's' },
	{ "output", required_argument, NULL, 'o' },
	{ "guest-reads", no_argument, NULL, 'g' },
	{ "vcpu-features", required_argument, NULL, 'f' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/*
 * "SVE,PMU_V3": KVM_ARM_VCPU_INIT feature names as the catalogue's
 * VCPU_FEATURES entry has them, into @features. 0 or -EINVAL.
 */
static int parse_vcpu_features(const char *list, uint32_t *features)
{
	struct hvabi_key key = hvabi_key_vcpu_value(HVABI_VCPU_VALUE_ARM64_FEATURES);
	const char *p = list;

	*features = 0;
	while (*p) {
		size_t n = strcspn(p, ",");
		unsigned int bit;

		for (bit = 0; bit < 32; bit++) {
			const char *name = hvabi_catalog_bit_name(HVABI_ARCH_ARM64, &key, bit);

			if (name && strlen(name) == n && !strncasecmp(name, p, n))
				break;
		}
		if (bit == 32)
			return -EINVAL;
		*features |= 1u << bit;
		p += n + (p[n] == ',');
	}
	return 0;
}

static int run_probe(const struct cli_verb *verb, int argc, char **argv)
{
	const char *device = NULL, *model = NULL, *output = NULL;
	struct hvabi_featureset *fs = NULL;
	unsigned int flags = 0;
	struct cli_kvm k;
	int c, r;

	uint32_t features;

	while ((c = cli_getopt(verb, argc, argv, ":d:s:o:gf:h", probe_options)) != -1) {
		switch (c) {
		case 'g':
			flags |= HVABI_PROBE_GUEST_READS;
			break;
		case 'f':
			if (parse_vcpu_features(optarg, &features))
				return cli_usage_error(verb, "unknown vCPU feature in '%s'", optarg);
			flags |= HVABI_PROBE_VCPU_FEATURES(features);
			break;
		case 'd':
			device = optarg;
			break;
		case 's':
			model = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		default:
			return CLI_GETOPT_STATUS(c);
		}
	}
	if (optind != argc)
		return cli_usage_error(verb, "unexpected argument '%s'", argv[optind]);
	r = model_options(verb, device, model);
	if (r >= 0)
		return r;
	r = cli_kvm_open(device, model, &k);
	if (r)
		return r;
	r = hvabi_kvm_probe(k.kvm, flags, &fs);
	if (r) {
		cli_err("probing %s failed: %s", k.what, cli_strerror(r));
		cli_kvm_close(&k);
		return CLI_EXIT_ERROR;
	}
	cli_kvm_close(&k);
	r = cli_write_json(output, fs);
	hvabi_featureset_free(fs);
	return r;
}

const struct cli_verb cli_verb_probe = {
	.name = "probe",
	.summary = "write this host's (or a simulated kernel's) profile",
	.usage = "Usage: hvabi probe [--device PATH | --sim MODEL] [--guest-reads]\n"
		 "                   [--vcpu-features LIST] [-o FILE]\n"
		 "       hvabi probe --sim list\n",
	.help = "\n"
		"Write a host profile: every hypercall, firmware, ID register and capability\n"
		"entry a guest can see, with the host's limits (supported masks, accepted\n"
		"versions, writable masks), as JSON. The probe makes a scratch VM and closes\n"
		"it again; nothing on the host changes.\n"
		"\n"
		"Options:\n"
		"  -d, --device PATH  the KVM device to probe (default /dev/kvm)\n"
		"  -s, --sim MODEL    probe a simulated kernel instead; 'list' prints the models\n"
		"  -o, --output FILE  write the profile to FILE (default: standard output)\n"
		"  -g, --guest-reads  also run a tiny guest that reads what no ioctl shows\n"
		"                     (CNTFRQ_EL0, DCZID_EL0, the CTR_EL0 and cache geometry\n"
		"                     it really sees; arm64), for check and baseline to compare\n"
		"  -f, --vcpu-features LIST\n"
		"                     arm64: describe vCPUs made with these KVM_ARM_VCPU_INIT\n"
		"                     features besides PSCI_0_2 (SVE,PMU_V3,PTRAUTH_ADDRESS,\n"
		"                     PTRAUTH_GENERIC,EL1_32BIT,HAS_EL2,HAS_EL2_E2H0)\n"
		"  -j, --json         --sim list as a JSON array; an error as {\"error\": ...}\n"
		"  -h, --help         show this help\n"
		"\n"
		"Exit status: 0 profile written; 2 usage error, no usable KVM, or the probe\n"
		"failed (no profile is written then).\n",
	.run = run_probe,
};

/* ---------------------------------------------------------------- apply */

/* A scratch VM with initialised vCPUs, ready for hvabi_plan_new(). */
struct scratch_vm {
	int vm_fd;
	int *vcpus;
	size_t n; /* vCPUs made: all of them, or none */
};

static void scratch_vm_close(struct cli_kvm *k, struct scratch_vm *vm)
{
	size_t i;

	for (i = 0; i < vm->n; i++)
		hvabi_kvm_close_fd(k->kvm, vm->vcpus[i]);
	if (vm->vm_fd >= 0)
		hvabi_kvm_close_fd(k->kvm, vm->vm_fd);
	free(vm->vcpus);
}

/*
 * A scratch VM for @set (hvabi_kvm_create_vm()): on arm64 cap 239 where
 * the set shows another CPU, and vCPUs with its KVM_ARM_VCPU_INIT
 * features and, with SVE, its lengths, finalized.
 */
static int scratch_vm_open(struct cli_kvm *k, const struct hvabi_featureset *set, size_t nvcpus,
			   struct scratch_vm *vm)
{
	int r;

	vm->vm_fd = -1;
	vm->n = 0;
	vm->vcpus = calloc(nvcpus, sizeof(*vm->vcpus));
	if (!vm->vcpus) {
		cli_err("%s", cli_strerror(-ENOMEM));
		return CLI_EXIT_ERROR;
	}
	r = hvabi_kvm_create_vm(k->kvm, set, nvcpus, &vm->vm_fd, vm->vcpus);
	if (r < 0) {
		/* a kernel that cannot take the set: a "no", not an error */
		if (r == -EOPNOTSUPP) {
			cli_err("not applied: %s cannot show the set's pinned CPU (no "
				"KVM_CAP_ARM_WRITABLE_IMP_ID_REGS, Linux 6.15+)", k->what);
			return CLI_EXIT_FAIL;
		}
		cli_err("cannot make a VM for the set with %zu vCPU%s on %s: %s", nvcpus,
			nvcpus == 1 ? "" : "s", k->what, cli_strerror(r));
		return CLI_EXIT_ERROR;
	}
	vm->n = nvcpus;
	return 0;
}

static int parse_vcpus(const struct cli_verb *verb, const char *text, size_t *ret)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(text, &end, 10);
	if (text[0] < '0' || text[0] > '9' || *end || errno || v < 1 || v > CLI_MAX_VCPUS)
		return cli_usage_error(verb, "--vcpus wants a number from 1 to %u, not '%s'",
				       CLI_MAX_VCPUS, text);
	*ret = v;
	return 0;
}

static const struct option apply_options[] = {
	{ "device", required_argument, NULL, 'd' },
	{ "sim", required_argument, NULL, 's' },
	{ "vcpus", required_argument, NULL, 'n' },
	{ "all", no_argument, NULL, 'a' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* What apply was asked: the KVM, the vCPUs, the set and how much to print. */
struct apply_args {
	const char *device, *model, *path;
	enum hvabi_severity min;
	size_t nvcpus;
};

/* @return -1 when the arguments are good, else the exit status. */
static int apply_parse(const struct cli_verb *verb, int argc, char **argv, struct apply_args *a)
{
	int c, r;

	*a = (struct apply_args){ .min = HVABI_SEVERITY_WARN, .nvcpus = 1 };
	while ((c = cli_getopt(verb, argc, argv, ":d:s:n:ah", apply_options)) != -1) {
		switch (c) {
		case 'd':
			a->device = optarg;
			break;
		case 's':
			a->model = optarg;
			break;
		case 'n':
			if (parse_vcpus(verb, optarg, &a->nvcpus))
				return CLI_EXIT_ERROR;
			break;
		case 'a':
			a->min = HVABI_SEVERITY_INFO;
			break;
		default:
			return CLI_GETOPT_STATUS(c);
		}
	}
	r = model_options(verb, a->device, a->model);
	if (r >= 0)
		return r;
	if (argc == optind)
		return cli_usage_error(verb, "no SET given");
	if (argc - optind > 1)
		return cli_usage_error(verb, "unexpected argument '%s'", argv[optind + 1]);
	a->path = argv[optind];
	return -1;
}

/* The summary line under the report; @r is hvabi_plan_execute()'s. @return the exit status */
static int apply_summary(const struct apply_args *a, const struct cli_kvm *k,
			 const struct hvabi_report *report, int r)
{
	size_t i, verified = 0, blocking;

	for (i = 0; i < hvabi_report_count(report); i++) {
		struct hvabi_report_item item;

		if (hvabi_report_get_item(report, i, &item, sizeof(item)) == 0 &&
		    (item.reason == HVABI_REASON_WRITTEN || item.reason == HVABI_REASON_WRITTEN_OFF))
			verified++;
	}
	blocking = hvabi_report_count_severity(report, HVABI_SEVERITY_BLOCK);
	if (r == 0 && hvabi_report_ok(report) == 1) {
		printf("applied: %s on %s, %zu entries written and read back on %zu vCPU%s\n",
		       a->path, k->what, verified, a->nvcpus, a->nvcpus == 1 ? "" : "s");
		return CLI_EXIT_OK;
	}
	printf("not applied: %s on %s: %zu item%s block%s, %zu entries verified%s%s\n", a->path,
	       k->what, blocking, blocking == 1 ? "" : "s", blocking == 1 ? "s" : "", verified,
	       r ? "; " : "", r ? cli_strerror(r) : "");
	return CLI_EXIT_FAIL;
}

static int run_apply(const struct cli_verb *verb, int argc, char **argv)
{
	struct hvabi_report *report = NULL;
	struct hvabi_featureset *set = NULL;
	struct hvabi_plan *plan = NULL;
	struct scratch_vm vm = { .vm_fd = -1 };
	struct apply_args a;
	enum hvabi_arch arch;
	struct cli_kvm k;
	int r, ret;

	ret = apply_parse(verb, argc, argv, &a);
	if (ret >= 0)
		return ret;
	r = cli_load_set(a.path, CLI_FORMAT_ANY, &set);
	if (r)
		return r;
	r = cli_kvm_open(a.device, a.model, &k);
	if (r) {
		hvabi_featureset_free(set);
		return r;
	}
	ret = CLI_EXIT_ERROR;
	arch = hvabi_featureset_get_arch(set);
	if (arch != hvabi_kvm_get_arch(k.kvm)) {
		cli_err("%s: the set is for %s, but %s is %s", a.path, hvabi_arch_name(arch),
			k.what, hvabi_arch_name(hvabi_kvm_get_arch(k.kvm)));
		goto out;
	}
	r = scratch_vm_open(&k, set, a.nvcpus, &vm);
	if (r) {
		ret = r;
		goto out;
	}
	r = hvabi_plan_new(k.kvm, set, vm.vm_fd, vm.vcpus, a.nvcpus, NULL, &plan);
	if (r) {
		cli_err("cannot plan applying %s on %s: %s", a.path, k.what, cli_strerror(r));
		goto out;
	}
	r = hvabi_plan_execute(plan, &report);
	if (!report) {
		/* No report: the run never started (out of memory). */
		cli_err("applying %s on %s: %s", a.path, k.what, cli_strerror(r));
		goto out;
	}
	if (cli_json) {
		/* The report alone: its "ok" and items say what the summary line does. */
		if (!cli_print_report_json(stdout, report))
			ret = r == 0 && hvabi_report_ok(report) == 1 ? CLI_EXIT_OK : CLI_EXIT_FAIL;
	} else if (!cli_print_report(stdout, report, a.min)) {
		ret = apply_summary(&a, &k, report, r);
	}
out:
	hvabi_report_free(report);
	hvabi_plan_free(plan);
	scratch_vm_close(&k, &vm);
	cli_kvm_close(&k);
	hvabi_featureset_free(set);
	return ret;
}

const struct cli_verb cli_verb_apply = {
	.name = "apply",
	.summary = "apply a set to a scratch VM and read it back on every vCPU",
	.usage = "Usage: hvabi apply [--device PATH | --sim MODEL] [--vcpus N] [--all] [--json]\n"
		 "                   SET\n",
	.help = "\n"
		"Make a scratch VM with N vCPUs, write SET to it in the order the kernel\n"
		"needs (ID registers, firmware versions, register families with what the\n"
		"set lacks written off, VM attributes), then read everything back on every\n"
		"vCPU. This is what a VMM does before its guest's first KVM_RUN; here it\n"
		"proves, on a live or simulated kernel, that the set can be pinned there.\n"
		"The report lists what blocks or warns (--all: every entry), then a summary.\n"
		"\n"
		"Options:\n"
		"  -d, --device PATH  the KVM device (default /dev/kvm)\n"
		"  -s, --sim MODEL    a simulated kernel instead (see hvabi probe --sim list)\n"
		"  -n, --vcpus N      vCPUs of the scratch VM (default 1)\n"
		"  -a, --all          list every entry, the verified ones too\n"
		"  -j, --json         print the report as JSON, every entry: {\"ok\": bool,\n"
		"                     \"items\": [...]} as hvabi check --json prints it\n"
		"  -h, --help         show this help\n"
		"\n"
		"Exit status: 0 every entry written and verified; 1 a write was refused or\n"
		"not kept, or an item blocks; 2 bad input, a set of another architecture,\n"
		"no usable KVM, or no scratch VM could be made.\n",
	.run = run_apply,
};
