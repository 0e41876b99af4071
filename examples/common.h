/* What several examples do alike: read a set file, probe a simulated kernel, open this host's KVM. */
#ifndef HVABI_EXAMPLE_COMMON_H
#define HVABI_EXAMPLE_COMMON_H

#include <libhvabi/hvabi.h>

/*
 * Read the JSON feature set at @path into *@ret. @want is the architecture
 * the caller needs, or HVABI_ARCH_NONE for any. On failure prints
 * "@prog: @path:line:column: what" (or the system error) and returns 1.
 */
int example_load_set(const char *prog, const char *path, enum hvabi_arch want,
		     struct hvabi_featureset **ret);

/* The exit status of a test that cannot run here (Meson's "skip"). */
#define EXAMPLE_EXIT_SKIP 77

/*
 * Probe the simulated kernel @model (a name hvabi_sim_model_name() gives) into *@ret.
 * On failure prints "@prog: <call>: <error>" and returns 1.
 */
int example_probe_model(const char *prog, const char *model, struct hvabi_featureset **ret);

/*
 * Open /dev/kvm, wrap it and probe it, as a VMM starts: *@kvm_fd, *@kvm and
 * *@host for the caller to free and close. Returns 0; EXAMPLE_EXIT_SKIP when
 * there is no usable /dev/kvm or it is not an @arch KVM; 1 on an error. On
 * anything but 0 the messages are printed and nothing is left open.
 */
int example_open_host(const char *prog, enum hvabi_arch arch, int *kvm_fd,
		      struct hvabi_kvm **kvm, struct hvabi_featureset **host);

#endif
