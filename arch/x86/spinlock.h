/* Test-and-test-and-set spinlock; the kernel's only lock. */
#ifndef ARCH_X86_SPINLOCK_H
#define ARCH_X86_SPINLOCK_H

#include <stdbool.h>
#include "arch/x86/cpu.h"

struct spinlock {
	volatile int held;
};

static inline bool spin_trylock(struct spinlock *lock)
{
	return !__atomic_exchange_n(&lock->held, 1, __ATOMIC_ACQUIRE);
}

static inline void spin_lock(struct spinlock *lock)
{
	while (!spin_trylock(lock))
		while (lock->held)
			cpu_relax();
}

/* For paths that must make progress even if the holder died (fault reports). */
static inline bool spin_lock_bounded(struct spinlock *lock, unsigned long spins)
{
	while (!spin_trylock(lock)) {
		if (spins-- == 0)
			return false;
		cpu_relax();
	}
	return true;
}

static inline void spin_unlock(struct spinlock *lock)
{
	__atomic_store_n(&lock->held, 0, __ATOMIC_RELEASE);
}

#endif
