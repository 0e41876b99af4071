/*
 * The riscv <linux/kvm.h> and <asm/kvm.h> (linux-libc-dev-riscv64-cross).
 * KVM_REG_SIZE_ULONG depends on __riscv_xlen, which a host compiler does
 * not define, so the rv64 size is spelled KVM_REG_SIZE_U64 here.
 */
#include <linux/kvm.h>

#include "uapi-values.h"

#define ISA_REG(ext) (KVM_REG_RISCV | KVM_REG_SIZE_U64 | KVM_REG_RISCV_ISA_EXT | (ext))

const struct uapi_value uapi_riscv_values[] = {
	UAPI_VALUE(KVM_REG_RISCV_TYPE_SHIFT),
	UAPI_VALUE(KVM_REG_RISCV_CONFIG),
	UAPI_VALUE(KVM_REG_RISCV_ISA_EXT),
	UAPI_VALUE(KVM_REG_RISCV_CONFIG_REG(isa)),
	UAPI_VALUE(KVM_REG_RISCV_CONFIG_REG(zicbom_block_size)),
	UAPI_VALUE(KVM_REG_SIZE(KVM_REG_SIZE_U64)),
	/* Subtypes and the SBI_EXT type came after 6.1 (6.4 and 6.6). */
#ifdef KVM_REG_RISCV_SUBTYPE_SHIFT
	UAPI_VALUE(KVM_REG_RISCV_SUBTYPE_SHIFT),
#endif
#ifdef KVM_REG_RISCV_SBI_EXT
	UAPI_VALUE(KVM_REG_RISCV_SBI_EXT),
	UAPI_VALUE(KVM_REG_RISCV_SBI_SINGLE),
#endif
#ifdef KVM_REG_RISCV_ISA_SINGLE
	UAPI_VALUE(KVM_REG_RISCV_ISA_SINGLE),
#endif
	/* ISA extension register ids, to compare with the catalogue's rows. */
	UAPI_VALUE(ISA_REG(KVM_RISCV_ISA_EXT_A)),
	UAPI_VALUE(ISA_REG(KVM_RISCV_ISA_EXT_C)),
	UAPI_VALUE(ISA_REG(KVM_RISCV_ISA_EXT_D)),
	UAPI_VALUE(ISA_REG(KVM_RISCV_ISA_EXT_F)),
	UAPI_VALUE(ISA_REG(KVM_RISCV_ISA_EXT_H)),
	UAPI_VALUE(ISA_REG(KVM_RISCV_ISA_EXT_I)),
	UAPI_VALUE(ISA_REG(KVM_RISCV_ISA_EXT_M)),
	UAPI_VALUE(ISA_REG(KVM_RISCV_ISA_EXT_SVPBMT)),
	UAPI_VALUE(ISA_REG(KVM_RISCV_ISA_EXT_SSTC)),
	UAPI_VALUE(ISA_REG(KVM_RISCV_ISA_EXT_SVINVAL)),
	UAPI_VALUE(ISA_REG(KVM_RISCV_ISA_EXT_ZIHINTPAUSE)),
	UAPI_VALUE(ISA_REG(KVM_RISCV_ISA_EXT_ZICBOM)),
};

const size_t uapi_riscv_count = sizeof(uapi_riscv_values) / sizeof(uapi_riscv_values[0]);
