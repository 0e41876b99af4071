/* The public headers must compile alone as C99 with -pedantic. */
#include <libhvabi/hvabi.h>
/* not in the umbrella header: a VMM's tests include it themselves */
#ifdef LIBHVABI_SIM_H
#error "<libhvabi/hvabi.h> must not include the simulator's header"
#endif
#include <libhvabi/sim.h>

int main(void)
{
	struct hvabi_key k = hvabi_key_reg(0x6030000000140000ull);

	return k.ns == HVABI_NS_ONE_REG && hvabi_version() ? 0 : 1;
}
