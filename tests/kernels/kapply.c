// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kapply: the kernel lab's VMM for rollbacks and the migration matrix.
 *
 *	kapply SET.json DEST.json
 *		Rollback: hvabi_check() of SET against the destination's real
 *		profile DEST (the prediction), then hvabi_apply() of SET to a
 *		new VM on this kernel (what the kernel does), and for every
 *		entry check refused and apply did not reach, the apply of that
 *		entry alone on a fresh VM. Prints both reports and one line per
 *		refused entry with the predicted reason and the kernel's answer
 *		side by side:
 *
 *		rollback <entry> check=<reason> set=<v> dest=<v> apply=<reason> errno=<name>
 *		verdict check=<refuse|allow> apply=<errno name of the first refusal|0>
 *
 *	kapply --baseline OUT.json DEST.json PROFILE.json...
 *		The pinned set of the matrix: hvabi_baseline() of the real
 *		profiles, written to OUT.json, checked against DEST and applied
 *		once on this kernel ("baseline", "check", "apply" lines); then
 *		the baseline of every pair of profiles, whether the library lets
 *		a VM move between those two hosts at all, and where it does, the
 *		pair's pinned set written beside OUT as pair-<A>+<B>.json (A, B:
 *		the profiles' file names without .json, in argument order):
 *
 *		pair <release> <release> rc=<1 may move|0 blocked> [blocks=<entry>,...]
 *
 * DEST "auto" is /etc/profiles/<X.Y>.json of the running kernel.
 * Like a VMM it makes the VM and its vCPU with raw ioctls (KVM_CREATE_VM,
 * KVM_CREATE_VCPU and, on arm64, KVM_ARM_VCPU_INIT with PSCI 0.2);
 * everything else goes through libhvabi. Built for arm64 (run.sh) and
 * riscv64 (run-riscv.sh).
 *
 * Exit status: 0 when the run went as the library predicted (a rollback
 * check refuses and apply fails, or check refuses only on what the guest
 * reads, which no ioctl refuses, and apply succeeds; a baseline checks and
 * applies), 1
 * otherwise, 2 for bad arguments or unreadable files.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <sys/utsname.h>
#include <linux/kvm.h>

#include <libhvabi/hvabi.h>

#include "../testutil.h"

static const char *errname(int e)
{
	switch (e < 0 ? -e : e) {
	case 0: return "0";
	case ENOENT: return "ENOENT";
	case EINVAL: return "EINVAL";
	case EPERM: return "EPERM";
	case EBUSY: return "EBUSY";
	case E2BIG: return "E2BIG";
	case ENXIO: return "ENXIO";
	case EEXIST: return "EEXIST";
	case EIO: return "EIO";
	case ENOEXEC: return "ENOEXEC";
	case EFAULT: return "EFAULT";
	default: return "E?";
	}
}

static struct hvabi_featureset *load(const char *path)
{
	struct hvabi_featureset *fs = NULL;
	struct hvabi_error err;
	char *text = NULL;
	size_t len = 0, cap = 0;
	FILE *f = fopen(path, "r");
	int r;

	if (!f) {
		printf("error %s: %s\n", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (len + 4096 > cap) {
			char *t = realloc(text, cap + 65536);

			if (!t)
				break;
			text = t;
			cap += 65536;
		}
		size_t n = fread(text + len, 1, cap - len, f);

		if (!n)
			break;
		len += n;
	}
	fclose(f);
	memset(&err, 0, sizeof(err));
	r = text ? hvabi_featureset_from_json(text, len, &fs, &err, sizeof(err)) : -ENOMEM;
	free(text);
	if (r < 0) {
		printf("error %s: %s (line %u: %s)\n", path, strerror(-r), err.line, err.message);
		return NULL;
	}
	return fs;
}

static const char *dest_path(const char *arg, char *buf, size_t size)
{
	struct utsname u;
	unsigned int major, minor;

	if (strcmp(arg, "auto") != 0)
		return arg;
	if (uname(&u) < 0 || sscanf(u.release, "%u.%u", &major, &minor) != 2)
		return arg;
	snprintf(buf, size, "/etc/profiles/%u.%u.json", major, minor);
	return buf;
}

static void print_report(const char *tag, const struct hvabi_report *rep)
{
	struct hvabi_report_item it;

	for (size_t i = 0; i < hvabi_report_count(rep); i++) {
		if (hvabi_report_get_item(rep, i, &it, sizeof(it)) < 0)
			continue;
		printf("%s %s %s %s", tag, hvabi_severity_name((enum hvabi_severity)it.severity),
		       hvabi_reason_name((enum hvabi_reason)it.reason), it.name);
		if (it.has_source)
			printf(" set=0x%" PRIx64, it.source);
		if (it.has_destination)
			printf(" dest=0x%" PRIx64, it.destination);
		if (it.error)
			printf(" errno=%s", errname(it.error));
		printf(": %s\n", it.message ? it.message : "");
	}
}

static bool find_item(const struct hvabi_report *rep, const struct hvabi_key *key,
		      struct hvabi_report_item *ret)
{
	for (size_t i = 0; i < hvabi_report_count(rep); i++)
		if (hvabi_report_get_item(rep, i, ret, sizeof(*ret)) == 0 &&
		    hvabi_key_compare(&ret->key, key) == 0)
			return true;
	return false;
}

/*
 * The VMM's part, raw ioctls: a VM with one vCPU, on arm64 initialised
 * with PSCI 0.2 (riscv vCPUs need no init).
 */
struct vm {
	int sys, vm, vcpu;
};

static int vm_new(struct vm *v)
{
#ifdef __aarch64__
	struct kvm_vcpu_init init;
#endif

	v->sys = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (v->sys < 0)
		return -errno;
	v->vm = ioctl(v->sys, KVM_CREATE_VM, 0);
	if (v->vm < 0)
		return -errno;
	v->vcpu = ioctl(v->vm, KVM_CREATE_VCPU, 0);
	if (v->vcpu < 0)
		return -errno;
#ifdef __aarch64__
	memset(&init, 0, sizeof(init));
	if (ioctl(v->vm, KVM_ARM_PREFERRED_TARGET, &init) < 0)
		return -errno;
	init.features[0] = 1u << KVM_ARM_VCPU_PSCI_0_2;
	if (ioctl(v->vcpu, KVM_ARM_VCPU_INIT, &init) < 0)
		return -errno;
#endif
	return 0;
}

static void vm_free(struct vm *v)
{
	close(v->vcpu);
	close(v->vm);
	close(v->sys);
}

/* hvabi_apply() of @set to a new VM on this kernel. */
static int apply_new_vm(const struct hvabi_featureset *set, struct hvabi_report **rep)
{
	struct hvabi_kvm *kvm = NULL;
	struct vm v;
	int r;

	*rep = NULL;
	r = vm_new(&v);
	if (r < 0) {
		printf("error VM: %s\n", strerror(-r));
		return r;
	}
	r = hvabi_kvm_new_from_fd(v.sys, 0, &kvm);
	if (r == 0)
		r = hvabi_apply(kvm, set, v.vm, &v.vcpu, 1, NULL, rep);
	hvabi_kvm_free(kvm);
	vm_free(&v);
	return r;
}

/* @set with the one entry @key only. */
static struct hvabi_featureset *only(const struct hvabi_featureset *set,
				     const struct hvabi_key *key)
{
	struct hvabi_featureset *one = NULL;
	struct hvabi_entry e;

	if (hvabi_featureset_find(set, key, &e) < 0 ||
	    hvabi_featureset_new(hvabi_featureset_get_arch(set), &one) < 0)
		return NULL;
	if (hvabi_featureset_put(one, &e) < 0) {
		hvabi_featureset_free(one);
		return NULL;
	}
	return one;
}

/* The start of a "rollback" line: the refused entry, check's reason, both values. */
static void print_refused(const struct hvabi_report_item *it)
{
	printf("rollback %s check=%s", it->name, hvabi_reason_name((enum hvabi_reason)it->reason));
	if (it->has_source)
		printf(" set=0x%" PRIx64, it->source);
	if (it->has_destination)
		printf(" dest=0x%" PRIx64, it->destination);
}

static int rollback(const char *set_path, const char *dest_arg)
{
	struct hvabi_report *check_rep = NULL, *apply_rep = NULL;
	struct hvabi_featureset *set, *dest;
	struct hvabi_report_item it, ap;
	size_t kernel_refusals = 0;
	char buf[128];
	int ok, r;

	set = load(set_path);
	dest = load(dest_path(dest_arg, buf, sizeof(buf)));
	if (!set || !dest)
		return 2;
	printf("set %s release=%s\n", set_path, hvabi_featureset_get_kernel_release(set));
	printf("destination %s release=%s\n", dest_path(dest_arg, buf, sizeof(buf)),
	       hvabi_featureset_get_kernel_release(dest));

	ok = check_verdict(set, dest, 0, &check_rep);
	print_report("check", check_rep);
	printf("check rc=%d\n", ok);
	r = apply_new_vm(set, &apply_rep);
	print_report("apply", apply_rep);
	printf("apply rc=%s\n", errname(r));

	/* Side by side: every entry check refused, and what the kernel did. */
	for (size_t i = 0; i < hvabi_report_count(check_rep); i++) {
		struct hvabi_report *one_rep = NULL;
		const struct hvabi_report *from = apply_rep;
		const char *how = "";

		if (hvabi_report_get_item(check_rep, i, &it, sizeof(it)) < 0 ||
		    it.severity != HVABI_SEVERITY_BLOCK)
			continue;
		if (it.key.ns == HVABI_NS_GUEST_READ) {
			/* the library's refusal alone: KVM takes the set, the guest would see it */
			print_refused(&it);
			printf(" apply=- (what the guest reads: no ioctl refuses it)\n");
			continue;
		}
		kernel_refusals++;
		if (it.key.ns != HVABI_NS_CAP && (!find_item(apply_rep, &it.key, &ap) ||
						  ap.reason == HVABI_REASON_NOT_VERIFIED)) {
			/* apply stopped before it: try that entry alone */
			struct hvabi_featureset *one = only(set, &it.key);

			if (one)
				apply_new_vm(one, &one_rep);
			hvabi_featureset_free(one);
			from = one_rep;
			how = " (alone)";
		}
		print_refused(&it);
		if (it.key.ns == HVABI_NS_CAP)
			/* nothing to write: the kernel's answer is the destination's */
			printf(" apply=- (a capability: this kernel answers 0x%" PRIx64 ")\n",
			       it.destination);
		else if (find_item(from, &it.key, &ap))
			printf(" apply=%s errno=%s%s\n",
			       hvabi_reason_name((enum hvabi_reason)ap.reason),
			       errname(ap.error), how);
		else
			printf(" apply=(not written)%s\n", how);
		hvabi_report_free(one_rep);
	}
	printf("verdict check=%s apply=%s\n", ok == 1 ? "allow" : "refuse", errname(r));

	hvabi_report_free(check_rep);
	hvabi_report_free(apply_rep);
	hvabi_featureset_free(set);
	hvabi_featureset_free(dest);
	/*
	 * As predicted: a check refused on entries the kernel judges goes with
	 * a failed apply, and the reverse; one refused only on what the guest
	 * reads goes with an apply KVM takes.
	 */
	return (ok == 1 || !kernel_refusals) == (r == 0) ? 0 : 1;
}

static int write_json(const struct hvabi_featureset *fs, const char *path)
{
	char *json = NULL;
	FILE *f;
	int r;

	r = hvabi_featureset_to_json_alloc(fs, &json);
	f = r == 0 ? fopen(path, "w") : NULL;
	if (f) {
		fputs(json, f);
		fclose(f);
	} else if (r == 0) {
		r = -errno;
	}
	free(json);
	return r;
}

/* The file name of a profile without its folder and ".json". */
static void stem(const char *path, const char **p, int *len)
{
	const char *slash = strrchr(path, '/'), *b = slash ? slash + 1 : path;
	size_t l = strlen(b);

	if (l > 5 && strcmp(b + l - 5, ".json") == 0)
		l -= 5;
	*p = b;
	*len = (int)l;
}

/* <folder of out>/pair-<A>+<B>.json */
static bool pair_path(const char *out, const char *a, const char *b, char *buf, size_t len)
{
	const char *slash = strrchr(out, '/'), *sa, *sb;
	int dl = slash ? (int)(slash - out + 1) : 0, la, lb, n;

	stem(a, &sa, &la);
	stem(b, &sb, &lb);
	n = snprintf(buf, len, "%.*spair-%.*s+%.*s.json", dl, out, la, sa, lb, sb);
	return n > 0 && (size_t)n < len;
}

static int baseline(const char *out, const char *dest_arg, int n, char **paths)
{
	struct hvabi_featureset *profiles[8], *base = NULL, *dest;
	struct hvabi_report *rep = NULL;
	char buf[256];
	int ok, r, status = 0;

	if (n < 1 || n > 8)
		return 2;
	for (int i = 0; i < n; i++) {
		profiles[i] = load(paths[i]);
		if (!profiles[i])
			return 2;
	}
	dest = load(dest_path(dest_arg, buf, sizeof(buf)));
	if (!dest)
		return 2;
	r = baseline_verdict((const struct hvabi_featureset *const *)profiles, (size_t)n, 0,
			   &base, &rep);
	print_report("baseline", rep);
	hvabi_report_free(rep);
	printf("baseline rc=%d entries=%zu\n", r, base ? hvabi_featureset_count(base) : 0);
	if (r < 0)
		return 1;
	r = write_json(base, out);
	if (r < 0) {
		printf("error %s: %s\n", out, strerror(-r));
		return 2;
	}
	ok = check_verdict(base, dest, 0, &rep);
	print_report("check", rep);
	hvabi_report_free(rep);
	printf("check release=%s rc=%d\n", hvabi_featureset_get_kernel_release(dest), ok);
	r = apply_new_vm(base, &rep);
	print_report("apply", rep);
	hvabi_report_free(rep);
	printf("apply rc=%s\n", errname(r));
	if (ok != 1 || r != 0)
		status = 1;
	for (int i = 0; i < n; i++) {
		for (int j = i + 1; j < n; j++) {
			const struct hvabi_featureset *two[2] = { profiles[i], profiles[j] };
			struct hvabi_featureset *pb = NULL;
			struct hvabi_report_item it;
			const char *sep = " blocks=";
			int pr;

			pr = baseline_verdict(two, 2, 0, &pb, &rep);
			if (pr == 1 && pair_path(out, paths[i], paths[j], buf, sizeof(buf)) &&
			    write_json(pb, buf) < 0) {
				printf("error %s: cannot write\n", buf);
				status = 1;
			}
			printf("pair %s %s rc=%d", hvabi_featureset_get_kernel_release(profiles[i]),
			       hvabi_featureset_get_kernel_release(profiles[j]), pr);
			for (size_t k = 0; k < hvabi_report_count(rep); k++) {
				if (hvabi_report_get_item(rep, k, &it, sizeof(it)) < 0 ||
				    it.severity != HVABI_SEVERITY_BLOCK)
					continue;
				printf("%s%s", sep, it.name);
				sep = ",";
			}
			printf("\n");
			hvabi_report_free(rep);
			hvabi_featureset_free(pb);
		}
	}
	for (int i = 0; i < n; i++)
		hvabi_featureset_free(profiles[i]);
	hvabi_featureset_free(dest);
	hvabi_featureset_free(base);
	return status;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 5 && strcmp(argv[1], "--baseline") == 0)
		return baseline(argv[2], argv[3], argc - 4, argv + 4);
	if (argc == 3)
		return rollback(argv[1], argv[2]);
	printf("usage: kapply SET.json DEST.json\n"
	       "       kapply --baseline OUT.json DEST.json PROFILE.json...\n");
	return 2;
}
