/* SPDX-License-Identifier: LGPL-2.1-or-later */
/**
 * @file hvabi.h
 * @brief libhvabi: keep a KVM guest's hypercall and firmware ABI stable
 * across live migration between hosts with different kernels.
 *
 * Include this header; it includes every other public header.
 */
#ifndef LIBHVABI_HVABI_H
#define LIBHVABI_HVABI_H

#include <libhvabi/featureset.h>
#include <libhvabi/catalog.h>
#include <libhvabi/codec.h>
#include <libhvabi/negotiate.h>
#include <libhvabi/kvm.h>
#include <libhvabi/sim.h>
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
