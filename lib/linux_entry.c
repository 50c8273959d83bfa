/*
 * The guest side of the 64-bit Linux entry (lib/linux_entry.h): the boot
 * area's GDT and identity page tables, built into a buffer with the same
 * page-table code the hypervisor uses for itself (lib/paging.c).
 */
#include "lib/linux_entry.h"

#include <string.h>

#include "include/config.h"
#include "include/x86/cpu_regs.h"
#include "lib/paging.h"

/* Page tables taken from the boot area's table pages, in order. */
struct area_tables {
	uint8_t *area;
	uint64_t area_addr;
	uint64_t next; /* guest-physical address of the next free table page */
	uint64_t end;
};

static uint64_t area_alloc(void *ctx)
{
	struct area_tables *a = ctx;
	uint64_t page = a->next;

	if (page >= a->end)
		return 0;
	a->next += PAGE_SIZE;
	return page;
}

static void *area_phys_to_virt(void *ctx, uint64_t phys)
{
	struct area_tables *a = ctx;

	return a->area + (phys - a->area_addr);
}

uint32_t linux_descriptor_access(uint64_t descriptor)
{
	return (uint32_t)((descriptor >> 40) & 0xf0ff);
}

static int write_tables(const struct linux_boot_plan *plan, uint8_t *area, uint64_t *cr3)
{
	struct area_tables a = {
		.area = area,
		.area_addr = plan->area_addr,
		.next = plan->tables_addr,
		.end = plan->area_addr + plan->area_size,
	};
	const struct pt_ops ops = {
		.alloc_table = area_alloc,
		.phys_to_virt = area_phys_to_virt,
		.ctx = &a,
		.use_1g_pages = false, /* 2 MiB pages: every 64-bit processor has them */
	};
	struct page_table pt;

	if (pt_init(&pt, &ops) || pt_map(&pt, 0, 0, plan->identity_end, PTE_W))
		return LINUX_ERR_ARGUMENT;
	*cr3 = pt.root;
	return LINUX_OK;
}

int linux_write_boot_area(const struct linux_boot_request *req, const struct linux_boot_plan *plan,
			  void *area, struct linux_entry_state *state)
{
	uint8_t *bytes = area;
	uint64_t gdt[LINUX_GDT_ENTRIES] = { 0, 0, LINUX_GDT_CODE64, LINUX_GDT_DATA };
	_Static_assert(sizeof(gdt) <= LINUX_RSDP_COPY_OFFSET, "the RSDP copy after the GDT");
	size_t cmdline_len;

	if (!req || !plan || !area || !state || !plan->area_size)
		return LINUX_ERR_ARGUMENT;
	memset(area, 0, plan->area_size);
	memset(state, 0, sizeof(*state));
	linux_fill_boot_params(
		req, plan,
		(struct linux_boot_params *)(bytes + (plan->boot_params_addr - plan->area_addr)));
	cmdline_len = req->cmdline ? strnlen(req->cmdline, plan->kernel.cmdline_size) : 0;
	if (cmdline_len)
		memcpy(bytes + (plan->cmdline_addr - plan->area_addr), req->cmdline, cmdline_len);
	memcpy(bytes + (plan->gdt_addr - plan->area_addr), gdt, sizeof(gdt));
	if (req->rsdp && !req->rsdp_addr && req->rsdp_len && req->rsdp_len <= LINUX_RSDP_COPY_MAX &&
	    plan->kernel.version >= LINUX_PROTOCOL_RSDP) {
		struct linux_boot_params *bp =
			(struct linux_boot_params *)(bytes +
						     (plan->boot_params_addr - plan->area_addr));
		memcpy(bytes + (plan->gdt_addr - plan->area_addr) + LINUX_RSDP_COPY_OFFSET,
		       req->rsdp, req->rsdp_len);
		bp->acpi_rsdp_addr = plan->gdt_addr + LINUX_RSDP_COPY_OFFSET;
	}
	if (write_tables(plan, bytes, &state->cr3))
		return LINUX_ERR_ARGUMENT;

	state->rip = plan->kernel_addr + LINUX_ENTRY64_OFFSET;
	state->rsi = plan->boot_params_addr;
	state->rflags = X86_RFLAGS_FIXED; /* IF = 0 */
	state->cr0 = X86_CR0_PE | X86_CR0_ET | X86_CR0_NE | X86_CR0_PG;
	state->cr4 = X86_CR4_PAE;
	state->efer = X86_EFER_LME | X86_EFER_LMA;
	state->gdt_base = plan->gdt_addr;
	state->gdt_limit = sizeof(gdt) - 1;
	state->cs = LINUX_BOOT_CS;
	state->ds = LINUX_BOOT_DS;
	state->cs_access = linux_descriptor_access(LINUX_GDT_CODE64);
	state->ds_access = linux_descriptor_access(LINUX_GDT_DATA);
	return LINUX_OK;
}
