// The public headers must compile as C++ and link.
#include <libhvabi/hvabi.h>
// not in the umbrella header: a VMM's tests include it themselves
#include <libhvabi/sim.h>

int main()
{
	struct hvabi_key k = hvabi_key_cpuid(0x40000001u, 0, HVABI_CPUID_EAX);
	struct hvabi_featureset *fs = nullptr;

	if (hvabi_featureset_new(HVABI_ARCH_X86_64, &fs) != 0)
		return 1;
	int r = hvabi_featureset_set_value(fs, &k, 1);
	hvabi_featureset_free(fs);
	return r == 0 ? 0 : 1;
}
