#include <string.h>
#include "arch/x86/memory.h"
#include "include/config.h"
#include "arch/x86/console.h"
#include "arch/x86/cpu.h"
#include "include/x86/cpu_regs.h"
#include "include/x86/msr.h"
#include "arch/x86/spinlock.h"
#include "lib/boot_memory.h"

#define LOW_MEMORY_END	 0x100000ull
#define LEGACY_VGA_START 0xA0000ull
#define LEGACY_VGA_END	 0xC0000ull

extern char __kernel_start[], __kernel_end[];
extern char __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __data_end[];

struct pmm phys_mem;
struct page_table kernel_pt;

/* Every core allocates (its VMX regions, for one): the allocator and tables are shared. */
static struct spinlock memory_lock;

/* The boot information, as parsed: its memory map, modules and framebuffer. */
static const struct mb2_info *bootinfo;

static uint64_t table_limit = BOOT_IDENTITY_MAPPED;
static uint64_t nx_bit; /* PTE_NX, or 0 where there is no NX */

static uint64_t page_down(uint64_t a)
{
	return a & ~(PAGE_SIZE - 1);
}
static uint64_t page_up(uint64_t a)
{
	return (a + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}
static uint64_t phys(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

static uint64_t alloc_table_page(void *ctx)
{
	(void)ctx;
	uint64_t page = pmm_alloc(&phys_mem, 1, PAGE_SIZE, table_limit);
	return page == PMM_NONE ? 0 : page;
}

static void *identity(void *ctx, uint64_t phys)
{
	(void)ctx;
	return (void *)(uintptr_t)phys;
}

static void init_allocator(uint64_t boot_info_phys)
{
	static struct boot_ranges ranges;

	boot_memory_ranges(bootinfo, phys(__kernel_start), phys(__kernel_end), boot_info_phys,
			   &ranges);
	pmm_init(&phys_mem, ranges.usable, ranges.n_usable, ranges.reserved, ranges.n_reserved);
}

static bool map(uint64_t start, uint64_t end, uint64_t flags)
{
	start = page_down(start);
	end = page_up(end);
	return end <= start || pt_map(&kernel_pt, start, start, end - start, flags) == 0;
}

static bool map_kernel_image(void)
{
	return map(phys(__text_start), phys(__text_end), 0) &&
	       map(phys(__rodata_start), phys(__rodata_end), nx_bit) &&
	       map(phys(__data_start), phys(__data_end), PTE_W | nx_bit);
}

static bool is_ram(uint32_t type)
{
	return type == MB2_MMAP_AVAILABLE || type == MB2_MMAP_ACPI_RECLAIMABLE ||
	       type == MB2_MMAP_ACPI_NVS;
}

/*
 * RAM, write-back.  Reserved ranges are not mapped up front: they can hold
 * device memory, and a large write-back page over it is undefined (SDM 3A
 * 12.11.9); ACPI tables in them are mapped on demand.  Page 0 stays
 * unmapped so that a NULL pointer faults.
 */
static bool map_physical_memory(void)
{
	if (!map(0, LOW_MEMORY_END, PTE_W | nx_bit))
		return false;
	for (uint32_t i = 0; i < bootinfo->mmap_count; i++) {
		const struct mb2_mmap_entry *e = &bootinfo->mmap[i];
		if (is_ram(e->type) && !map(e->base, e->base + e->length, PTE_W | nx_bit))
			return false;
	}
	return map(LEGACY_VGA_START, LEGACY_VGA_END, PTE_W | nx_bit | PTE_PCD | PTE_PWT) &&
	       pt_unmap(&kernel_pt, 0, PAGE_SIZE) == 0;
}

/*
 * The console may already draw on the framebuffer, so it is in the tables
 * before they are loaded.  PCD alone is UC- (PAT entry 2), which an MTRR of
 * write-combining turns into WC.
 */
static bool map_framebuffer(void)
{
	uint64_t bytes = (uint64_t)bootinfo->fb.pitch * bootinfo->fb.height;

	if (!bootinfo->has_framebuffer || bootinfo->fb.type != MB2_FB_TYPE_RGB)
		return true;
	return map(bootinfo->fb.addr, bootinfo->fb.addr + bytes, PTE_W | nx_bit | PTE_PCD);
}

static void enable_nx(void)
{
	struct cpuid_regs ext = cpuid(0x80000001, 0);

	if (cpuid(0x80000000, 0).eax >= 0x80000001 && (ext.edx & X86_CPUID_80000001H_EDX_NX)) {
		wrmsr(MSR_IA32_EFER, rdmsr(MSR_IA32_EFER) | X86_EFER_NXE);
		nx_bit = PTE_NX;
	}
}

static bool has_1g_pages(void)
{
	return cpuid(0x80000000, 0).eax >= 0x80000001 &&
	       (cpuid(0x80000001, 0).edx & X86_CPUID_80000001H_EDX_PAGE1GB);
}

bool memory_init(const struct mb2_info *info, uint64_t boot_info_phys)
{
	bootinfo = info;
	struct pt_ops ops = { alloc_table_page, identity, NULL, has_1g_pages() };

	init_allocator(boot_info_phys);
	enable_nx();
	if (pt_init(&kernel_pt, &ops) < 0 || !map_physical_memory() || !map_kernel_image() ||
	    !map_framebuffer()) {
		kalways("memory: out of memory while building the page tables\n");
		return false;
	}
	write_cr3(kernel_pt.root);
	table_limit = ANYWHERE;
	kprintf("memory: %lu MiB free in %u ranges, page tables at 0x%lx (nx=%s, 1g-pages=%s)\n",
		(unsigned long)(phys_mem.free_pages >> 8), phys_mem.count,
		(unsigned long)kernel_pt.root, nx_bit ? "yes" : "no",
		ops.use_1g_pages ? "yes" : "no");
	if (phys_mem.overflowed)
		kalways("memory: the memory map has more free ranges than the allocator keeps; some memory is unused\n");
	return true;
}

void *page_alloc_unzeroed(uint64_t bytes, uint64_t limit)
{
	uint64_t pages = page_up(bytes) / PAGE_SIZE;
	uint64_t base;

	spin_lock(&memory_lock);
	base = pmm_alloc(&phys_mem, pages, PAGE_SIZE, limit);
	spin_unlock(&memory_lock);

	return base == PMM_NONE ? NULL : (void *)(uintptr_t)base;
}

void *page_alloc(uint64_t bytes, uint64_t limit)
{
	void *p = page_alloc_unzeroed(bytes, limit);

	if (p)
		memset(p, 0, page_up(bytes));
	return p;
}

void memory_seal(void)
{
	spin_lock(&memory_lock);
	phys_mem.count = 0;
	phys_mem.free_pages = 0;
	spin_unlock(&memory_lock);
}

uint64_t stack_alloc(uint64_t bytes, uint64_t *guard_page)
{
	uint64_t pages = page_up(bytes) / PAGE_SIZE + 1;
	uint64_t base;
	bool unmapped;

	spin_lock(&memory_lock);
	base = pmm_alloc(&phys_mem, pages, PAGE_SIZE, ANYWHERE);
	unmapped = base != PMM_NONE && pt_unmap(&kernel_pt, base, PAGE_SIZE) == 0;
	spin_unlock(&memory_lock);
	if (!unmapped)
		return 0;
	__asm__ volatile("invlpg (%0)" : : "r"(base) : "memory");
	*guard_page = base;
	return base + pages * PAGE_SIZE;
}

static bool map_locked(uint64_t phys_addr, uint64_t bytes, uint64_t flags)
{
	spin_lock(&memory_lock);
	bool ok = map(phys_addr, phys_addr + bytes, flags);
	spin_unlock(&memory_lock);
	write_cr3(read_cr3());
	return ok;
}

bool memory_map_mmio(uint64_t phys_addr, uint64_t bytes)
{
	return map_locked(phys_addr, bytes, PTE_W | nx_bit | PTE_PCD | PTE_PWT);
}

static bool listed_by_firmware(uint64_t start, uint64_t end)
{
	if (end <= LOW_MEMORY_END)
		return start >= PAGE_SIZE;
	for (uint32_t i = 0; i < bootinfo->mmap_count; i++) {
		const struct mb2_mmap_entry *e = &bootinfo->mmap[i];
		if (e->type != MB2_MMAP_AVAILABLE && e->type != MB2_MMAP_BAD && start >= e->base &&
		    end <= e->base + e->length)
			return true;
	}
	return false;
}

bool memory_map_firmware(uint64_t phys_addr, uint64_t bytes)
{
	uint64_t start = page_down(phys_addr), end = page_up(phys_addr + bytes);
	bool ok = true;

	if (end <= start)
		return false;
	spin_lock(&memory_lock);
	for (uint64_t page = start; ok && page < end; page += PAGE_SIZE) {
		if (pt_lookup(&kernel_pt, page, NULL, NULL))
			continue;
		ok = listed_by_firmware(page, page + PAGE_SIZE) &&
		     pt_map(&kernel_pt, page, page, PAGE_SIZE, nx_bit | PTE_PCD) == 0;
	}
	spin_unlock(&memory_lock);
	return ok;
}

bool memory_set_executable(uint64_t phys_addr, bool executable)
{
	return map_locked(phys_addr, PAGE_SIZE, PTE_W | (executable ? 0 : nx_bit));
}

void memory_kernel_image(uint64_t *base, uint64_t *end)
{
	*base = phys(__kernel_start) & ~(PAGE_SIZE - 1);
	*end = (phys(__kernel_end) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}
