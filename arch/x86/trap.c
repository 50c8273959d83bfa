#include <stddef.h>
#include "arch/x86/trap.h"
#include "arch/x86/percpu.h"
#include "arch/x86/cpu.h"
#include "arch/x86/apic.h"
#include "arch/x86/desc.h"
#include "arch/x86/console.h"
#include "arch/x86/debug.h"
#include "arch/x86/emulator.h"
#include "include/config.h"

void trap_catch_call(void (*fn)(void *), void *arg, struct trap_catch *catch);
void (*trap_fatal_hook)(void);
bool (*trap_nmi_hook)(void);
volatile uint32_t trap_fatal_count;

/* Cores in the middle of printing an exception report. */
static volatile uint32_t reports_in_progress;
#define REPORT_WAIT_SPINS 100000000ul

static const char *const vector_names[32] = {
	"#DE divide error",
	"#DB debug",
	"NMI",
	"#BP breakpoint",
	"#OF overflow",
	"#BR bound range",
	"#UD invalid opcode",
	"#NM device not available",
	"#DF double fault",
	"coprocessor segment overrun",
	"#TS invalid TSS",
	"#NP segment not present",
	"#SS stack fault",
	"#GP general protection",
	"#PF page fault",
	"reserved 15",
	"#MF x87 error",
	"#AC alignment check",
	"#MC machine check",
	"#XM SIMD error",
	"#VE virtualization exception",
	"#CP control protection",
	"reserved 22",
	"reserved 23",
	"reserved 24",
	"reserved 25",
	"reserved 26",
	"reserved 27",
	"#HV hypervisor injection",
	"#VC VMM communication",
	"#SX security exception",
	"reserved 31",
};

const char *trap_vector_name(uint64_t vector)
{
	return vector < 32 ? vector_names[vector] : "interrupt";
}

void trap_wait_for_reports(void)
{
	for (unsigned long spins = 0; spins < REPORT_WAIT_SPINS; spins++) {
		if (!__atomic_load_n(&reports_in_progress, __ATOMIC_ACQUIRE))
			return;
		cpu_relax();
	}
}

uint64_t trap_catch(void (*fn)(void *), void *arg, uint64_t *error_code)
{
	struct trap_catch catch = { .vector = TRAP_NONE };
	struct cpu *cpu = this_cpu();

	cpu->catch = &catch;
	trap_catch_call(fn, arg, &catch);
	cpu->catch = NULL;
	if (error_code)
		*error_code = catch.error_code;
	return catch.vector;
}

struct msr_access {
	uint32_t msr;
	uint64_t value;
};

static void do_rdmsr(void *arg)
{
	struct msr_access *m = arg;
	m->value = rdmsr(m->msr);
}

static void do_wrmsr(void *arg)
{
	struct msr_access *m = arg;
	wrmsr(m->msr, m->value);
}

uint64_t rdmsr_catch(uint32_t msr, uint64_t *value)
{
	struct msr_access m = { msr, 0 };
	uint64_t vector = trap_catch(do_rdmsr, &m, NULL);

	*value = m.value;
	return vector;
}

uint64_t wrmsr_catch(uint32_t msr, uint64_t value)
{
	struct msr_access m = { msr, value };
	return trap_catch(do_wrmsr, &m, NULL);
}

static void resume_at_catch(struct cpu *cpu, struct trap_frame *f)
{
	struct trap_catch *catch = cpu->catch;

	catch->vector = f->vector;
	catch->error_code = f->error_code;
	cpu->catch = NULL;
	f->rip = catch->resume_rip;
	f->rsp = catch->resume_rsp;
}

static void report_registers(const struct trap_frame *f)
{
	kprintf("  rax=%016lx rbx=%016lx rcx=%016lx rdx=%016lx\n", f->rax, f->rbx, f->rcx, f->rdx);
	kprintf("  rsi=%016lx rdi=%016lx rbp=%016lx rsp=%016lx\n", f->rsi, f->rdi, f->rbp, f->rsp);
	kprintf("  r8 =%016lx r9 =%016lx r10=%016lx r11=%016lx\n", f->r8, f->r9, f->r10, f->r11);
	kprintf("  r12=%016lx r13=%016lx r14=%016lx r15=%016lx\n", f->r12, f->r13, f->r14, f->r15);
	kprintf("  cs=%04lx ss=%04lx rflags=%016lx cr0=%016lx cr3=%016lx cr4=%016lx\n", f->cs,
		f->ss, f->rflags, read_cr0(), read_cr3(), read_cr4());
}

static void report_exception(const struct cpu *cpu, const struct trap_frame *f)
{
	uint64_t cr2 = read_cr2();

	kprintf("EXCEPTION cpu=%u apic=%u vector=%lu (%s) error=0x%lx rip=0x%016lx cr2=0x%016lx\n",
		cpu->index, cpu->apic_id, f->vector, trap_vector_name(f->vector), f->error_code,
		f->rip, cr2);
	report_registers(f);
	if (f->vector == X86_VEC_PF && cpu->guard_page && cr2 >= cpu->guard_page &&
	    cr2 < cpu->guard_page + PAGE_SIZE)
		kprintf("  cpu %u overflowed its stack: 0x%lx is the guard page under it\n",
			cpu->index, cr2);
}

/*
 * Unless the kernel sent it itself (a debugger stopping the cores, checked
 * before), an NMI taken in VMX root operation during an OS guest's run
 * was sent by the guest (its ICR is the guest's) to a core
 * that was handling an exit or waiting for its SIPI.  It is dropped, as a
 * processor drops an NMI while one is blocked (README, "A hostile guest").
 */
static bool guests_nmi(struct cpu *cpu, const struct trap_frame *f)
{
	static volatile uint32_t told;

	if (f->vector != X86_VEC_NMI || !cpu->in_os_run)
		return false;
	if (!__atomic_exchange_n(&told, 1, __ATOMIC_ACQ_REL))
		kprintf("trap: cpu %u: an NMI the guest sent while the core was in the "
			"hypervisor, dropped\n",
			cpu->index);
	return true;
}

void trap_dispatch(struct trap_frame *f)
{
	struct cpu *cpu = this_cpu();

	/* Interrupts only wake a halted core; the spurious vector needs no EOI. */
	if (f->vector >= IDT_EXCEPTIONS) {
		if (f->vector != APIC_VECTOR_SPURIOUS)
			apic_eoi();
		return;
	}

	if (f->vector == X86_VEC_NMI && trap_nmi_hook && trap_nmi_hook())
		return;
	/* After the kernel's own NMI users (a debugger's stop), if any: what is left is the guest's. */
	if (guests_nmi(cpu, f))
		return;

	/* An NMI, #DF or #MC is never the fault a caller expected. */
	if (cpu->catch && f->vector != X86_VEC_NMI && f->vector != X86_VEC_DF &&
	    f->vector != X86_VEC_MC) {
		resume_at_catch(cpu, f);
		return;
	}
	/*
	 * A fault while reporting one: the screen code is the likeliest culprit,
	 * so report on COM1 alone; a third level gives up and ends the run.
	 */
	if (++cpu->fatal_depth > 1) {
		console_serial_only();
		if (cpu->fatal_depth > 2) {
			emulator_exit(false);
			halt_forever();
		}
	}
	/* Offline before the report, so no other core's report calls it online. */
	cpu->offline_reason = "exception";
	__atomic_store_n(&cpu->state, CPU_FAULTED, __ATOMIC_RELEASE);
	__atomic_add_fetch(&reports_in_progress, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&trap_fatal_count, 1, __ATOMIC_SEQ_CST);
	console_release_if_owner();
	console_unmute();
	debug_point(DEBUG_POINT_EXCEPTION);
	report_exception(cpu, f);
	__atomic_sub_fetch(&reports_in_progress, 1, __ATOMIC_SEQ_CST);
	if (trap_fatal_hook)
		trap_fatal_hook();
	halt_forever();
}
