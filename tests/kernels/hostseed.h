/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The kernel lab's host seed: the values of a simulated model that
 * belong to the host CPU rather than to the kernel, read from the real
 * kernel by kdiff (arm64) or kdiff-x86 and fed to the simulator with
 * hvabi_sim_set_host() before kraw-sim, kprobe --sim and kdiff-sim (or
 * their x86 counterparts) ask it anything.
 *
 * One value a line (lines starting with '#' are comments):
 *
 *	seed reg <ONE_REG id> <value>	an ID register limit, MIDR/REVIDR/AIDR,
 *					CTR_EL0, CLIDR_EL1, a CCSIDR (DEMUX)
 *					register, SMCCC_ARCH_WORKAROUND_1..3
 *	seed cap <capability> <value>	a capability the host CPU decides
 *	seed cpuid <fn> <index> <reg> <value>
 *					x86: a register (0-3: EAX..EDX) of a
 *					leaf KVM_GET_SUPPORTED_CPUID reports
 *	seed hvcpuid <fn> <index> <reg> <value>
 *					x86: a KVM_GET_SUPPORTED_HV_CPUID register
 *					(the model takes its host bits only)
 *	seed msr <index> <value>	x86: a feature MSR's value
 *	seed tsc-khz <kHz>		x86: the host's TSC rate
 *	seed reg <ISA_EXT id> <0|1>	riscv: whether the host has an ISA
 *					extension (kdiff-riscv: listed or not)
 *	seed reg <CONFIG id> <value>	riscv: mvendorid, marchid, mimpid,
 *					satp_mode (2, 3, 4, 6)
 *
 * The file is kdiff's console output (its "seed" lines) or the file it
 * writes, so a run's results reseed the simulator offline as well.
 */
#ifndef HVABI_LAB_HOSTSEED_H
#define HVABI_LAB_HOSTSEED_H

#include <stdio.h>

struct hvabi_sim;

/*
 * Apply every "seed" line of @path to @sim. A value the model derives
 * itself (-ENOENT from hvabi_sim_set_host, e.g. CLIDR_EL1 on 6.3+) is
 * skipped and said so on @log as a comment; any other refusal is an
 * error. Returns the number of values applied or -errno.
 */
int hostseed_apply(struct hvabi_sim *sim, const char *path, FILE *log);

/*
 * The simulated model @model (hostseed_model(): "auto" is the running
 * kernel's) in @ret, seeded from @seedfile unless it is NULL, said on @log
 * ("# sim MODEL release R", "# seeded N host values from F", or what
 * failed). 0 or a negative errno.
 */
int hostseed_sim(const char *model, const char *seedfile, struct hvabi_sim **ret, FILE *log);

/*
 * "auto": arm64-X.Y (x86-X.Y on x86-64, riscv-X.Y on riscv64) of the running kernel; anything
 * else is returned as is.
 */
const char *hostseed_model(const char *model, char *buf, size_t size);

#endif /* HVABI_LAB_HOSTSEED_H */
