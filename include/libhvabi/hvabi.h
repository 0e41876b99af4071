/* SPDX-License-Identifier: LGPL-2.1-or-later */
/**
 * @file hvabi.h
 * @brief libhvabi: keep a KVM guest's hypercall and firmware ABI stable
 * across live migration between hosts with different kernels.
 *
 * Include this header; it includes every public header but
 * <libhvabi/sim.h>, the simulated KVM, which tests include themselves.
 *
 * Start here:
 *  1. each host: hvabi_kvm_open(), hvabi_kvm_probe() -> a profile (kvm.h);
 *  2. the fleet: hvabi_baseline() -> the set every host can give, and
 *     hvabi_check() before any move, rollbacks too (negotiate.h);
 *  3. a new VM: hvabi_vcpu_features(), hvabi_vcpu_finalize(), then
 *     hvabi_apply() before the first KVM_RUN (apply.h);
 *  4. the migration stream: hvabi_featureset_encode_alloc() and
 *     hvabi_featureset_decode() (codec.h).
 * Rules every call keeps (errors, sizes, buffers): docs/design.md, "API
 * rules", and libhvabi(7).
 */
#ifndef LIBHVABI_HVABI_H
#define LIBHVABI_HVABI_H

#include <libhvabi/featureset.h>
#include <libhvabi/catalog.h>
#include <libhvabi/codec.h>
#include <libhvabi/negotiate.h>
#include <libhvabi/apply.h>
#include <libhvabi/kvm.h>
#include <libhvabi/version.h>

#ifdef __cplusplus
extern "C" {
#endif

/** @brief The library's version at run time, e.g. "0.1.0". */
const char *hvabi_version(void);

#ifdef __cplusplus
}
#endif

#endif /* LIBHVABI_HVABI_H */
