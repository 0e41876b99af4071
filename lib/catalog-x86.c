/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * x86-64 catalogue: CPUID output registers, feature MSRs and KVM caps.
 * Sources: arch/x86/include/uapi/asm/kvm_para.h (KVM PV leaves),
 * arch/x86/kvm/cpuid.c, Intel SDM / AMD APM for architectural leaves.
 * Rows must stay sorted by key: ns, then function, index, register.
 */

#include "catalog-internal.h"
#include "kvm-uapi.h"

#define KV HVABI_KERNEL_VERSION

#define CPUID_KEY(fn, idx, reg) { HVABI_NS_CPUID, HVABI_CPUID_##reg, idx, fn }

static const char *const kvm_pv_bits[] = {
	"CLOCKSOURCE", "NOP_IO_DELAY", "MMU_OP", "CLOCKSOURCE2", "ASYNC_PF", "STEAL_TIME",
	"PV_EOI", "PV_UNHALT", NULL, "PV_TLB_FLUSH", "ASYNC_PF_VMEXIT", "PV_SEND_IPI",
	"POLL_CONTROL", "PV_SCHED_YIELD", "ASYNC_PF_INT", "MSI_EXT_DEST_ID",
	"HC_MAP_GPA_RANGE", "MIGRATION_CONTROL", NULL, NULL, NULL, NULL, NULL, NULL,
	"CLOCKSOURCE_STABLE_BIT",
};

static const char *const kvm_hint_bits[] = { "REALTIME" };

static const struct hvabi_cat_entry rows[] = {
	{
		.key = CPUID_KEY(0x0, 0, EAX),
		.name = "CPUID.0x0.0x0.eax",
		.summary = "highest basic CPUID leaf",
		.kind = HVABI_KIND_VERSION, .scope = HVABI_SCOPE_VCPU, .width = 4,
	},
	{
		.key = CPUID_KEY(0x0, 0, EBX),
		.name = "CPUID.0x0.0x0.ebx",
		.summary = "vendor string, bytes 0-3",
		.kind = HVABI_KIND_EXACT, .scope = HVABI_SCOPE_VCPU, .width = 4,
	},
	{
		.key = CPUID_KEY(0x0, 0, ECX),
		.name = "CPUID.0x0.0x0.ecx",
		.summary = "vendor string, bytes 8-11",
		.kind = HVABI_KIND_EXACT, .scope = HVABI_SCOPE_VCPU, .width = 4,
	},
	{
		.key = CPUID_KEY(0x0, 0, EDX),
		.name = "CPUID.0x0.0x0.edx",
		.summary = "vendor string, bytes 4-7",
		.kind = HVABI_KIND_EXACT, .scope = HVABI_SCOPE_VCPU, .width = 4,
	},
	{
		.key = CPUID_KEY(0x40000000, 0, EAX),
		.name = "CPUID.0x40000000.0x0.eax",
		.summary = "highest KVM paravirtual CPUID leaf",
		.kind = HVABI_KIND_VERSION, .scope = HVABI_SCOPE_VCPU, .width = 4,
	},
	{
		.key = CPUID_KEY(0x40000001, 0, EAX),
		.name = "CPUID.0x40000001.0x0.eax",
		.summary = "KVM paravirtual features (KVM_FEATURE_*)",
		.kind = HVABI_KIND_BITMAP, .scope = HVABI_SCOPE_VCPU, .width = 4,
		.bits = kvm_pv_bits, .nbits = HVABI_ARRAY_SIZE(kvm_pv_bits),
	},
	{
		.key = CPUID_KEY(0x40000001, 0, EDX),
		.name = "CPUID.0x40000001.0x0.edx",
		.summary = "KVM paravirtual hints (KVM_HINTS_*)",
		.kind = HVABI_KIND_BITMAP, .scope = HVABI_SCOPE_VCPU, .width = 4,
		.bits = kvm_hint_bits, .nbits = HVABI_ARRAY_SIZE(kvm_hint_bits),
	},
};

const struct hvabi_cat_table hvabi_cat_x86_64 = {
	.arch = HVABI_ARCH_X86_64,
	.rows = rows,
	.n = HVABI_ARRAY_SIZE(rows),
};
