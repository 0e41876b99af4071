/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The simulated KVM: fake fds, the generic part of the ioctl dispatch
 * (virt/kvm/kvm_main.c: kvm_dev_ioctl, kvm_vm_ioctl, kvm_vcpu_ioctl) and
 * the public API of sim.h. The architecture-specific parts of each fd's
 * ioctls live in arm64.c, x86.c and riscv.c.
 *
 * KVM_RUN is not simulated: KVM_RUN through hvabi_sim_ioctl() does what
 * hvabi_sim_run() does (enter the guest once, so the VM counts as having
 * run) and returns as if the guest had exited at once.
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim-internal.h"

/* The largest vCPU id each architecture accepts (KVM_MAX_VCPU_IDS). */
#define SIM_MAX_VCPU_ID_ARM64 512
#define SIM_MAX_VCPU_ID_X86 4096
#define SIM_MAX_VCPU_ID_RISCV 1024
/* KVM_CAP_MAX_VCPU_ID */
#define SIM_CAP_MAX_VCPU_ID 128

/* The size and type fields of an ioctl number (asm-generic/ioctl.h). */
#define SIM_IOC_TYPE(req) (((req) >> 8) & 0xffu)

HVABI_EXPORT const char *hvabi_sim_model_name(size_t index)
{
	if (index >= hvabi_sim_nmodels)
		return NULL;
	return hvabi_sim_models[index]->name;
}

static const struct sim_model *model_find(const char *name)
{
	for (size_t i = 0; i < hvabi_sim_nmodels; i++)
		if (strcmp(hvabi_sim_models[i]->name, name) == 0)
			return hvabi_sim_models[i];
	return NULL;
}

static int host_init(struct hvabi_sim *sim)
{
	switch (sim->model->arch) {
	case HVABI_ARCH_ARM64:
		return hvabi_sim_arm64_init_host(sim);
	case HVABI_ARCH_X86_64:
		return hvabi_sim_x86_init_host(sim);
	case HVABI_ARCH_RISCV64:
		return hvabi_sim_riscv_init_host(sim);
	default:
		return -EINVAL;
	}
}

HVABI_EXPORT int hvabi_sim_new(const char *model, struct hvabi_sim **ret)
{
	const struct sim_model *m;
	struct hvabi_sim *sim;
	int r;

	if (!model || !ret)
		return -EINVAL;
	m = model_find(model);
	if (!m)
		return -ENOENT;
	sim = calloc(1, sizeof(*sim));
	if (!sim)
		return -ENOMEM;
	sim->refs = 1;
	sim->model = m;
	if (m->ncaps > SIM_MAX_CAPS) {
		free(sim);
		return -EINVAL;
	}
	for (uint8_t i = 0; i < m->ncaps; i++)
		sim->host.capval[i] = m->caps[i].value;
	r = host_init(sim);
	if (r < 0) {
		free(sim);
		return r;
	}
	*ret = sim;
	return 0;
}

HVABI_EXPORT enum hvabi_arch hvabi_sim_get_arch(const struct hvabi_sim *sim)
{
	return sim ? sim->model->arch : HVABI_ARCH_NONE;
}

HVABI_EXPORT const char *hvabi_sim_get_release(const struct hvabi_sim *sim)
{
	return sim ? sim->model->release : NULL;
}

/*
 * A capability whose answer is the host's (online CPUs, the GIC, a PMU,
 * SVE...): the model marks it SIM_CAP_HOST; every other answer is the
 * kernel's and stays.
 */
static int set_host_cap(struct hvabi_sim *sim, const struct hvabi_key *key, uint64_t value)
{
	const struct sim_model *m = sim->model;

	if (key->sub || key->sel)
		return -ENOENT;
	for (uint8_t i = 0; i < m->ncaps; i++) {
		if (m->caps[i].cap != key->id)
			continue;
		if (!(m->caps[i].flags & SIM_CAP_HOST))
			return -ENOENT;
		if (value > INT32_MAX)
			return -EINVAL;
		sim->host.capval[i] = (int)value;
		return 0;
	}
	return -ENOENT;
}

HVABI_EXPORT int hvabi_sim_set_host(struct hvabi_sim *sim, const struct hvabi_key *key,
				    uint64_t value)
{
	if (!sim || !key)
		return -EINVAL;
	/* A VM copied the host when it was created; changing it now would lie. */
	if (sim->host_frozen)
		return -EBUSY;
	if (key->ns == HVABI_NS_CAP)
		return set_host_cap(sim, key, value);
	switch (sim->model->arch) {
	case HVABI_ARCH_ARM64:
		return hvabi_sim_arm64_set_host(sim, key, value);
	case HVABI_ARCH_X86_64:
		return hvabi_sim_x86_set_host(sim, key, value);
	case HVABI_ARCH_RISCV64:
		return hvabi_sim_riscv_set_host(sim, key, value);
	default:
		return -ENOENT;
	}
}

/* ------------------------------------------------------------------ fds */

static struct sim_fd *fd_get(struct hvabi_sim *sim, int fd)
{
	long slot = (long)fd - SIM_FD_BASE;

	if (slot < 0 || slot >= SIM_MAX_FDS || sim->fds[slot].kind == SIM_FD_FREE)
		return NULL;
	return &sim->fds[slot];
}

static int fd_alloc(struct hvabi_sim *sim, enum sim_fd_kind kind, struct sim_vm *vm,
		    struct sim_vcpu *vcpu)
{
	for (int i = 0; i < SIM_MAX_FDS; i++) {
		if (sim->fds[i].kind != SIM_FD_FREE)
			continue;
		sim->fds[i].kind = (uint8_t)kind;
		sim->fds[i].vm = vm;
		sim->fds[i].vcpu = vcpu;
		sim->nopen++;
		return SIM_FD_BASE + i;
	}
	return -EMFILE;
}

void hvabi_sim_vcpu_free(struct sim_vcpu *vcpu)
{
	if (!vcpu)
		return;
	free(vcpu->regs);
	free(vcpu->run);
	free(vcpu->cpuid);
	free(vcpu->msrs);
	free(vcpu);
}

/* Drop one reference; the VM and its vCPUs go with the last one (kvm_put_kvm). */
static void vm_put(struct sim_vm *vm)
{
	if (--vm->refs)
		return;
	for (unsigned int i = 0; i < vm->ncreated; i++)
		hvabi_sim_vcpu_free(vm->vcpus[i]);
	free(vm->ranges);
	free(vm);
}

HVABI_EXPORT int hvabi_sim_open_kvm_fd(struct hvabi_sim *sim)
{
	if (!sim)
		return -EINVAL;
	return fd_alloc(sim, SIM_FD_SYSTEM, NULL, NULL);
}

HVABI_EXPORT int hvabi_sim_close(struct hvabi_sim *sim, int fd)
{
	struct sim_fd *f;

	if (!sim)
		return -EINVAL;
	f = fd_get(sim, fd);
	if (!f)
		return -EBADF;
	if (f->kind == SIM_FD_VM || f->kind == SIM_FD_VCPU)
		vm_put(f->vm);
	memset(f, 0, sizeof(*f));
	sim->nopen--;
	return 0;
}

HVABI_EXPORT size_t hvabi_sim_count_open_fds(const struct hvabi_sim *sim)
{
	return sim ? sim->nopen : 0;
}

HVABI_EXPORT void hvabi_sim_free(struct hvabi_sim *sim)
{
	if (!sim || --sim->refs)
		return;
	for (int i = 0; i < SIM_MAX_FDS; i++)
		if (sim->fds[i].kind != SIM_FD_FREE)
			hvabi_sim_close(sim, SIM_FD_BASE + i);
	free(sim);
}

HVABI_EXPORT int hvabi_sim_inject_error(struct hvabi_sim *sim, unsigned int nth, int error)
{
	if (!sim)
		return -EINVAL;
	if (nth && (error >= 0 || error < -4095))
		return -EINVAL;
	sim->inject_nth = nth;
	sim->inject_err = nth ? error : 0;
	return 0;
}

/* --------------------------------------------------------- /dev/kvm fd */

/* kvm_vm_ioctl_check_extension_generic() and the architecture's part. */
static int check_extension(const struct hvabi_sim *sim, unsigned long cap, bool on_vm)
{
	const struct sim_model *m = sim->model;

	for (uint8_t i = 0; i < m->ncaps; i++) {
		const struct sim_cap *c = &m->caps[i];

		if (c->cap != cap)
			continue;
		if ((c->flags & SIM_CAP_VM_ONLY) && !on_vm)
			return -EINVAL;
		if ((c->flags & SIM_CAP_DERIVED) && m->arch == HVABI_ARCH_ARM64)
			return hvabi_sim_arm64_cap(sim, c->cap, sim->host.capval[i]);
		/* x86: from the host's CPUID, or different on a VM than on /dev/kvm */
		if ((c->flags & SIM_CAP_DERIVED) && m->arch == HVABI_ARCH_X86_64)
			return hvabi_sim_x86_cap(sim, c->cap, sim->host.capval[i], on_vm);
		return sim->host.capval[i];
	}
	return 0;
}

int hvabi_sim_cap_value(const struct hvabi_sim *sim, uint32_t cap)
{
	return check_extension(sim, cap, false);
}

static int create_vm(struct hvabi_sim *sim, unsigned long type)
{
	struct sim_vm *vm;
	int r, fd;

	/* kvm_arch_init_vm: x86 has one VM type before 6.8 (KVM_X86_DEFAULT_VM). */
	if (sim->model->arch == HVABI_ARCH_X86_64 && type)
		return -EINVAL;
	vm = calloc(1, sizeof(*vm));
	if (!vm)
		return -ENOMEM;
	vm->sim = sim;
	vm->refs = 1;
	if (sim->model->arch == HVABI_ARCH_ARM64) {
		r = hvabi_sim_arm64_vm_init(vm, type);
		if (r < 0) {
			free(vm);
			return r;
		}
	}
	fd = fd_alloc(sim, SIM_FD_VM, vm, NULL);
	if (fd < 0) {
		free(vm);
		return fd;
	}
	sim->host_frozen = true;
	return fd;
}

static int dev_ioctl(struct hvabi_sim *sim, unsigned long req, void *arg)
{
	switch (req) {
	case HVABI_KVM_GET_API_VERSION:
		/* kvm_dev_ioctl: the argument must be 0 */
		if (arg)
			return -EINVAL;
		return SIM_KVM_API_VERSION;
	case HVABI_KVM_CREATE_VM:
		return create_vm(sim, (unsigned long)(uintptr_t)arg);
	case HVABI_KVM_CHECK_EXTENSION:
		return check_extension(sim, (unsigned long)(uintptr_t)arg, false);
	case HVABI_KVM_GET_VCPU_MMAP_SIZE:
		if (arg)
			return -EINVAL;
		/*
		 * struct kvm_run plus the coalesced-MMIO page, and on x86 the
		 * PIO page (kvm_dev_ioctl, KVM_*_PAGE_OFFSET).
		 */
		if (sim->model->arch == HVABI_ARCH_X86_64)
			return 3 * SIM_PAGE_SIZE;
		return 2 * SIM_PAGE_SIZE;
	default:
		/* kvm_arch_dev_ioctl: arm64 and riscv know none and say EINVAL */
		if (sim->model->arch == HVABI_ARCH_X86_64)
			return hvabi_sim_x86_dev_ioctl(sim, req, arg);
		return -EINVAL;
	}
}

/* ---------------------------------------------------------------- VM fd */

static int create_vcpu(struct hvabi_sim *sim, struct sim_vm *vm, unsigned long id)
{
	unsigned long max_id;
	struct sim_vcpu *vcpu;
	int r, fd;

	switch (sim->model->arch) {
	case HVABI_ARCH_ARM64:
		max_id = SIM_MAX_VCPU_ID_ARM64;
		break;
	case HVABI_ARCH_X86_64:
		/* KVM_MAX_VCPU_IDS, what KVM_CAP_MAX_VCPU_ID answers (4096 in 6.1, 16384 since 6.12) */
		max_id = (unsigned long)check_extension(sim, SIM_CAP_MAX_VCPU_ID, false);
		if (!max_id)
			max_id = SIM_MAX_VCPU_ID_X86;
		break;
	default:
		max_id = SIM_MAX_VCPU_ID_RISCV;
		break;
	}
	/* kvm_vm_ioctl_create_vcpu: id range, then the VM's vCPU limit */
	if (id >= max_id)
		return -EINVAL;
	if (vm->ncreated >= SIM_MAX_VCPUS)
		return -EINVAL;
	for (unsigned int i = 0; i < vm->ncreated; i++)
		if (vm->vcpus[i]->id == id)
			return -EEXIST;
	vcpu = calloc(1, sizeof(*vcpu));
	if (!vcpu)
		return -ENOMEM;
	vcpu->vm = vm;
	vcpu->id = (unsigned int)id;
	switch (sim->model->arch) {
	case HVABI_ARCH_ARM64:
		r = hvabi_sim_arm64_vcpu_init(vcpu);
		break;
	case HVABI_ARCH_RISCV64:
		r = hvabi_sim_riscv_vcpu_init(vcpu);
		break;
	default:
		r = hvabi_sim_x86_vcpu_init(vcpu);
		break;
	}
	if (r < 0) {
		hvabi_sim_vcpu_free(vcpu);
		return r;
	}
	fd = fd_alloc(sim, SIM_FD_VCPU, vm, vcpu);
	if (fd < 0) {
		hvabi_sim_vcpu_free(vcpu);
		return fd;
	}
	vm->vcpus[vm->ncreated++] = vcpu;
	vm->refs++;
	return fd;
}

/*
 * kvm_set_memory_region() (virt/kvm/kvm_main.c): page-aligned, no flags
 * the simulator knows, no overlap with another slot; size 0 deletes.
 * The memory is the caller's, read and written in place.
 */
static int set_memory_region(struct sim_vm *vm, const struct hvabi_kvm_userspace_memory_region *m)
{
	unsigned int i;

	if (!m)
		return -EFAULT;
	if (m->flags || (m->guest_phys_addr | m->memory_size | m->userspace_addr) &
				(SIM_PAGE_SIZE - 1) ||
	    m->guest_phys_addr + m->memory_size < m->guest_phys_addr)
		return -EINVAL;
	for (i = 0; i < vm->nslots && vm->slots[i].slot != m->slot; i++)
		;
	if (!m->memory_size) {
		if (i < vm->nslots)
			vm->slots[i] = vm->slots[--vm->nslots];
		return 0;
	}
	if (i == vm->nslots && (m->slot >= SIM_MAX_SLOTS || vm->nslots == SIM_MAX_SLOTS))
		return -EINVAL;
	/* kvm_set_memory_region(): a slot is not moved or resized, only deleted */
	if (i < vm->nslots && (vm->slots[i].gpa != m->guest_phys_addr ||
			       vm->slots[i].size != m->memory_size ||
			       vm->slots[i].mem != sim_uptr(m->userspace_addr)))
		return -EINVAL;
	for (unsigned int j = 0; j < vm->nslots; j++)
		if (j != i && m->guest_phys_addr < vm->slots[j].gpa + vm->slots[j].size &&
		    vm->slots[j].gpa < m->guest_phys_addr + m->memory_size)
			return -EEXIST;
	if (i == vm->nslots)
		vm->nslots++;
	vm->slots[i].slot = m->slot;
	vm->slots[i].gpa = m->guest_phys_addr;
	vm->slots[i].size = m->memory_size;
	vm->slots[i].mem = sim_uptr(m->userspace_addr);
	return 0;
}

static int vm_ioctl(struct hvabi_sim *sim, struct sim_vm *vm, unsigned long req, void *arg)
{
	switch (req) {
	case HVABI_KVM_SET_USER_MEMORY_REGION:
		return set_memory_region(vm, arg);
	case HVABI_KVM_CREATE_VCPU:
		return create_vcpu(sim, vm, (unsigned long)(uintptr_t)arg);
	case HVABI_KVM_CHECK_EXTENSION:
		return check_extension(sim, (unsigned long)(uintptr_t)arg, true);
	default:
		break;
	}
	switch (sim->model->arch) {
	case HVABI_ARCH_ARM64:
		return hvabi_sim_arm64_vm_ioctl(vm, req, arg);
	case HVABI_ARCH_X86_64:
		return hvabi_sim_x86_vm_ioctl(vm, req, arg);
	default:
		/*
		 * riscv: no VM capability can be enabled and kvm_arch_vm_ioctl
		 * knows no ioctl (arch/riscv/kvm/vm.c), both say EINVAL.
		 */
		return -EINVAL;
	}
}

/* -------------------------------------------------------------- vCPU fd */

static int vcpu_run(struct sim_vcpu *vcpu)
{
	int r = 0;

	if (vcpu->vm->sim->model->arch == HVABI_ARCH_ARM64)
		r = hvabi_sim_arm64_run(vcpu);
	else if (vcpu->vm->sim->model->arch == HVABI_ARCH_RISCV64)
		r = hvabi_sim_riscv_run(vcpu);
	if (r < 0)
		return r;
	vcpu->ran = true;
	vcpu->vm->ran = true;
	return 0;
}

static int vcpu_ioctl(struct hvabi_sim *sim, struct sim_vcpu *vcpu, unsigned long req,
		      void *arg)
{
	/* kvm_vcpu_ioctl refuses other ioctl families before anything else */
	if (SIM_IOC_TYPE(req) != HVABI_KVMIO)
		return -EINVAL;
	if (req == HVABI_KVM_RUN) {
		if (arg)
			return -EINVAL;
		return vcpu_run(vcpu);
	}
	switch (sim->model->arch) {
	case HVABI_ARCH_ARM64:
		return hvabi_sim_arm64_vcpu_ioctl(vcpu, req, arg);
	case HVABI_ARCH_X86_64:
		return hvabi_sim_x86_vcpu_ioctl(vcpu, req, arg);
	default:
		return hvabi_sim_riscv_vcpu_ioctl(vcpu, req, arg);
	}
}

HVABI_EXPORT int hvabi_sim_ioctl(struct hvabi_sim *sim, int fd, unsigned long request,
				 void *arg)
{
	struct sim_fd *f;

	if (!sim)
		return -EINVAL;
	if (sim->inject_nth && --sim->inject_nth == 0) {
		int err = sim->inject_err;

		sim->inject_err = 0;
		return err;
	}
	f = fd_get(sim, fd);
	if (!f)
		return -EBADF;
	switch (f->kind) {
	case SIM_FD_SYSTEM:
		return dev_ioctl(sim, request, arg);
	case SIM_FD_VM:
		return vm_ioctl(sim, f->vm, request, arg);
	default:
		return vcpu_ioctl(sim, f->vcpu, request, arg);
	}
}

HVABI_EXPORT int hvabi_sim_run(struct hvabi_sim *sim, int vcpu_fd)
{
	struct sim_fd *f;

	if (!sim)
		return -EINVAL;
	f = fd_get(sim, vcpu_fd);
	if (!f || f->kind != SIM_FD_VCPU)
		return -EBADF;
	return vcpu_run(f->vcpu);
}

int hvabi_sim_put_reg_list(struct hvabi_kvm_reg_list *list, const uint64_t *ids, size_t n)
{
	uint64_t room;

	if (!list)
		return -EFAULT;
	/* The kernel writes the count it needs first, then refuses a short list. */
	room = list->n;
	list->n = n;
	if (room < n)
		return -E2BIG;
	if (n)
		memcpy(list->reg, ids, n * sizeof(*ids));
	return 0;
}

/* ------------------------------------------------------------ the guest */

uint8_t *hvabi_sim_guest_mem(struct sim_vm *vm, uint64_t gpa, uint64_t len)
{
	for (unsigned int i = 0; i < vm->nslots; i++) {
		const struct sim_slot *s = &vm->slots[i];

		if (gpa >= s->gpa && gpa - s->gpa <= s->size - len)
			return s->mem + (gpa - s->gpa);
	}
	return NULL;
}

int hvabi_sim_guest_exit(struct sim_vcpu *vcpu, uint32_t reason)
{
	if (vcpu->run)
		vcpu->run->exit_reason = reason;
	return 0;
}

void hvabi_sim_guest_steps(struct sim_vcpu *vcpu, uint64_t x[33],
			   int (*step)(struct sim_vcpu *vcpu, uint64_t x[33]))
{
	unsigned int n;

	if (vcpu->mmio_pending) {
		x[32] += 4;
		vcpu->mmio_pending = false;
	}
	for (n = 0; n < HVABI_SIM_GUEST_STEPS_MAX && step(vcpu, x); n++)
		;
	if (n == HVABI_SIM_GUEST_STEPS_MAX)
		hvabi_sim_guest_exit(vcpu, HVABI_KVM_EXIT_INTERNAL_ERROR);
}

int hvabi_sim_guest_store(struct sim_vcpu *vcpu, uint64_t gpa, uint64_t val)
{
	uint8_t *mem = hvabi_sim_guest_mem(vcpu->vm, gpa, 8);

	if (mem) {
		memcpy(mem, &val, 8);
		return 1;
	}
	/* io_mem_abort() and friends: the VMM completes it; the next run steps past it */
	if (!vcpu->run)
		return hvabi_sim_guest_exit(vcpu, HVABI_KVM_EXIT_INTERNAL_ERROR);
	memset(&vcpu->run->mmio, 0, sizeof(vcpu->run->mmio));
	vcpu->run->mmio.phys_addr = gpa;
	memcpy(vcpu->run->mmio.data, &val, 8);
	vcpu->run->mmio.len = 8;
	vcpu->run->mmio.is_write = 1;
	vcpu->mmio_pending = true;
	return hvabi_sim_guest_exit(vcpu, HVABI_KVM_EXIT_MMIO);
}

/* ------------------------------------------------------ hvabi_kvm glue */

static int sim_backend_ioctl(void *ctx, int fd, unsigned long req, void *arg)
{
	return hvabi_sim_ioctl(ctx, fd, req, arg);
}

static int sim_backend_close(void *ctx, int fd)
{
	return hvabi_sim_close(ctx, fd);
}

static int sim_backend_release(void *ctx, char *buf, size_t len)
{
	const struct hvabi_sim *sim = ctx;
	size_t n = strlen(sim->model->release);

	if (n >= len)
		return -ERANGE;
	memcpy(buf, sim->model->release, n + 1);
	return 0;
}

/*
 * The vCPU's struct kvm_run: memory of the simulated vCPU, which lives
 * as long as its VM (as the kernel's page does while it is mapped).
 */
static int sim_backend_map_run(void *ctx, int vcpu_fd, size_t len, struct hvabi_kvm_run **ret)
{
	struct hvabi_sim *sim = ctx;
	struct sim_fd *f = fd_get(sim, vcpu_fd);
	struct sim_vcpu *vcpu;

	/* kvm_vcpu_mmap(): only a vCPU fd, within the size it reported */
	if (!f)
		return -EBADF;
	if (f->kind != SIM_FD_VCPU)
		return -ENODEV;
	vcpu = f->vcpu;
	if (len < sizeof(struct hvabi_kvm_run) ||
	    len > (size_t)dev_ioctl(sim, HVABI_KVM_GET_VCPU_MMAP_SIZE, NULL))
		return -EINVAL;
	/* the whole area at once: every mapping of it is the same memory */
	if (!vcpu->run) {
		vcpu->run_size = (size_t)dev_ioctl(sim, HVABI_KVM_GET_VCPU_MMAP_SIZE, NULL);
		vcpu->run = calloc(1, vcpu->run_size);
		if (!vcpu->run)
			return -ENOMEM;
	}
	*ret = vcpu->run;
	return 0;
}

/* hvabi_kvm_free(): the handle's reference (hvabi_kvm_new_from_sim() took it) */
static void sim_backend_put(void *ctx)
{
	hvabi_sim_free(ctx);
}

static void sim_backend_unmap_run(void *ctx, struct hvabi_kvm_run *run, size_t len)
{
	(void)ctx;
	(void)run;
	(void)len;
}

const struct hvabi_backend_ops hvabi_backend_sim = {
	.ioctl = sim_backend_ioctl,
	.close = sim_backend_close,
	.release = sim_backend_release,
	.map_run = sim_backend_map_run,
	.unmap_run = sim_backend_unmap_run,
	.put = sim_backend_put,
};

HVABI_EXPORT int hvabi_sim_map_run(struct hvabi_sim *sim, int vcpu_fd, void **ret)
{
	struct hvabi_kvm_run *run;
	int r;

	if (!sim || !ret)
		return -EINVAL;
	r = sim_backend_map_run(sim, vcpu_fd,
				(size_t)dev_ioctl(sim, HVABI_KVM_GET_VCPU_MMAP_SIZE, NULL), &run);
	if (r)
		return r;
	*ret = run;
	return 0;
}

HVABI_EXPORT int hvabi_kvm_new_from_sim(struct hvabi_sim *sim, struct hvabi_kvm **ret)
{
	int fd, r;

	if (!sim || !ret)
		return -EINVAL;
	fd = hvabi_sim_open_kvm_fd(sim);
	if (fd < 0)
		return fd;
	/* the handle holds the simulator: sim_backend_put() lets go of it */
	r = hvabi_kvm_new_with_ops(&hvabi_backend_sim, sim, fd, true, sim->model->arch,
				   HVABI_ORIGIN_SIMULATED, ret);
	if (r) {
		hvabi_sim_close(sim, fd);
		return r;
	}
	sim->refs++;
	return 0;
}
