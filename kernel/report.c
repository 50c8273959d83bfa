/*
 * The report (README, "The report"): one `cpu` line per processor, a plain
 * sentence per distinct VMX problem, then the closing `summary` line.  Each
 * line is built whole and printed with one call, so output from another
 * core cannot split it.
 */
#include <stdarg.h>
#include "kernel/report.h"
#include "kernel/guest_stage.h"
#include "arch/x86/percpu.h"
#include "arch/x86/console.h"
#include "arch/x86/debug.h"
#include "lib/printf.h"
#include "arch/x86/emulator.h"
#include "arch/x86/iommu.h"
#include "arch/x86/cpu.h"
#include "arch/x86/serial.h"
#include "arch/x86/trap.h"
#include "arch/x86/vmx/exit_stats.h"
#include "arch/x86/vmx/vmx.h"
#include "arch/x86/guests/hyperjack.h"

#define REPORT_LINE_MAX 1024

struct line {
	char text[REPORT_LINE_MAX];
	size_t len;
};

static void line_add(struct line *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void line_add(struct line *l, const char *fmt, ...)
{
	size_t room = sizeof(l->text) - l->len;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(l->text + l->len, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		l->len += (size_t)n < room ? (size_t)n : room - 1;
}

static bool line_has_room(const struct line *l, size_t bytes)
{
	return l->len + bytes < sizeof(l->text);
}

static const char *vmxon_word(const struct vmx_core *core)
{
	switch (core->vmxon) {
	case VMX_OUTCOME_SUCCESS: return "ok";
	case VMX_OUTCOME_NOT_TRIED: return "skipped";
	default: return "failed";
	}
}

/* The failure's cause, or none: the check's reason first, then what came after. */
static enum vmx_cause vmx_cause(const struct cpu *cpu)
{
	const struct vmx_core *core = &cpu->vmx;

	if (!core->checked && core->cause == VMX_CAUSE_NONE)
		return VMX_CAUSE_VMX_CHECK_NOT_RUN;
	if (core->checked && core->assessment.verdict != VMX_OK)
		return core->assessment.reason;
	return core->cause;
}

static const char *vmxoff_word(const struct vmx_core *core)
{
	if (core->vmxoff == VMX_OUTCOME_NOT_TRIED && core->hyperjack &&
	    core->hyperjack->state == VMX_GUEST_RUNNING)
		return "skipped"; /* stay-in-guest */
	return core->vmxoff == VMX_OUTCOME_SUCCESS && core->vmxe_cleared ? "ok" : "failed";
}

static void add_guest_fields(struct line *l, const struct vmx_core *core)
{
	const struct vmx_guest *g = core->hyperjack;

	line_add(l, " guest=%s exits=%lu ept=%s vpid=%s", hyperjack_state_word(core),
		 (unsigned long)(g ? g->exits : 0), g && g->ept ? "yes" : "no",
		 g && g->vpid ? "yes" : "no");
	if (g && g->error)
		line_add(l, " guest-error=%s", g->error);
}

static void add_vmx_fields(struct line *l, const struct cpu *cpu)
{
	const struct vmx_core *core = &cpu->vmx;
	enum vmx_cause cause = vmx_cause(cpu);

	if (!core->checked) {
		line_add(l, " vmx=unknown vmxon=skipped cause=%s caps=same", vmx_cause_name(cause));
		line_add(l, " guest=skipped exits=0 ept=no vpid=no");
		return;
	}
	line_add(l, " vmx=%s vmxon=%s", vmx_verdict_name(core->assessment.verdict),
		 vmxon_word(core));
	if (core->assessment.revision)
		line_add(l, " revision=0x%x", core->assessment.revision);
	if (core->vmxon != VMX_OUTCOME_SUCCESS && core->vmxon != VMX_OUTCOME_NOT_TRIED)
		line_add(l, " vmxon-error=%s", vmx_outcome_name(core->vmxon));
	if (core->vmxon == VMX_OUTCOME_SUCCESS)
		line_add(l, " vmxoff=%s", vmxoff_word(core));
	if (cause != VMX_CAUSE_NONE)
		line_add(l, " cause=%s", vmx_cause_name(cause));
	line_add(l, " caps=%s", core->caps_differ ? "differs" : "same");
	add_guest_fields(l, core);
}

static void report_cpu(const struct cpu *cpu)
{
	struct line l = { .len = 0 };
	bool online = cpu->state == CPU_ONLINE;

	line_add(&l, "cpu %u apic=%u %s", cpu->index, cpu->apic_id, online ? "online" : "offline");
	if (online)
		add_vmx_fields(&l, cpu);
	else
		line_add(&l, " reason=%s",
			 cpu->offline_reason ? cpu->offline_reason : "not-started");
	kprintf("%s\n", l.text);
}

static enum vmx_cause problem_of(const struct cpu *cpu)
{
	return cpu->state == CPU_ONLINE ? vmx_cause(cpu) : VMX_CAUSE_NONE;
}

/* One sentence per distinct problem, naming the processors it concerns. */
static void report_problem(enum vmx_cause cause, uint32_t first)
{
	struct line l = { .len = 0 };
	uint32_t left_out = 0;

	line_add(&l, "problem %s on", vmx_cause_name(cause));
	for (uint32_t j = first; j < cpu_count; j++) {
		if (problem_of(cpu_table[j]) != cause)
			continue;
		if (line_has_room(&l, 32))
			line_add(&l, " cpu%u", j);
		else
			left_out++;
	}
	if (left_out)
		line_add(&l, " and %u more", left_out);
	kprintf("%s: %s\n", l.text, vmx_cause_advice(cause));
}

static void report_problems(void)
{
	bool reported[VMX_CAUSE_COUNT] = { false };

	for (uint32_t i = 0; i < cpu_count; i++) {
		enum vmx_cause cause = problem_of(cpu_table[i]);

		if (cause == VMX_CAUSE_NONE || reported[cause])
			continue;
		reported[cause] = true;
		report_problem(cause, i);
	}
}

void report_and_exit(bool success)
{
	uint32_t online = 0;

	console_unmute();
	debug_point(DEBUG_POINT_REPORT);
	trap_wait_for_reports();
	for (uint32_t i = 0; i < cpu_count; i++) {
		report_cpu(cpu_table[i]);
		online += cpu_table[i]->state == CPU_ONLINE;
	}
	report_problems();
	iommu_report_problem();
	guest_stage_report();
	vmx_exit_stats_report();
	if (hyperjack_signature())
		kprintf("hypervisor signature=\"%s\"\n", hyperjack_signature());
	kprintf("summary cpus=%u online=%u vmxon=%u guests=%u iommu=%s\n", cpu_count, online,
		vmm_count_vmxon(), hyperjack_count_ok(), iommu_state_word());
	serial_flush();
	emulator_exit(success && trap_fatal_count == 0);
	halt_forever();
}
