/*
 * The test kernels' runtime (tests/guests/README.md): freestanding 32-bit
 * C, run in protected mode with paging off, as a Multiboot loader leaves
 * the machine.  Everything prints on COM1 in lines "mbtest: ...".
 */
#ifndef TESTS_GUESTS_MBTEST_H
#define TESTS_GUESTS_MBTEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* io.c: ports, MSRs, CPUID, memory helpers the compiler may call. */
static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

static inline void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ volatile("cpuid"
			 : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			 : "a"(leaf), "c"(sub));
}

void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* serial.c */
void serial_init(void);
void put_str(const char *s);
void put_hex(uint64_t v);
void put_dec(uint32_t v);
/* A string from outside, quoted, non-printable bytes as \xHH. */
void put_quoted(const char *s, size_t max);
/* Line-level lock, for the processors printing at once. */
void print_lock(void);
void print_unlock(void);

/* info.c: print what the loader handed over; fills the options. */
struct options {
	const char *cmdline;
	uint32_t rsdp_addr; /* from the Multiboot2 ACPI tag, 0 if none */
};
void print_mb1_info(uint32_t info, struct options *opt);
void print_mb2_info(uint32_t info, struct options *opt);
/* The value of word key in cmdline ("smp" in "smp=mp"), or NULL. */
const char *option(const char *cmdline, const char *key, size_t *len);
bool has_word(const char *cmdline, const char *word);

/*
 * acpi.c: the number of enabled processors in the MADT (0 if none found),
 * their APIC ids in ids[0..max), the local APIC's address.
 */
uint32_t madt_cpus(uint32_t rsdp_hint, uint32_t *lapic_base, uint32_t *ids, uint32_t max);

/* pit.c: busy-wait on PIT channel 2. */
void pit_delay_us(uint32_t us);

/* smp.c: start the other processors; returns how many arrived. */
enum smp_method {
	SMP_PER_AP,
	SMP_BROADCAST,
};
#define MAX_CPUS 64
struct smp_request {
	enum smp_method method;
	bool x2apic;  /* x2APIC mode, if the processor has it */
	bool vector0; /* trampoline at physical 0, STARTUP vector 0 */
	uint32_t lapic_base;
	const uint32_t *ids; /* the MADT's APIC ids, this processor's included */
	uint32_t count;
};
uint32_t smp_start(const struct smp_request *req);
/* Run by each AP once it has counted itself, if set (the hostile kernel's probes). */
extern void (*smp_ap_hook)(uint32_t apic_id);
void ap_main(void);

/* entry.asm */
void guest_exit(uint32_t status) __attribute__((noreturn));
void halt_forever(void) __attribute__((noreturn));
extern const uint8_t trampoline_start[], trampoline_end[];

#endif
