/*
 * What one guest I/O access means for the machine's power: the decision
 * the VMM makes on an I/O exit at a port it intercepts to keep the machine
 * when its guest turns it off or resets it.  Pure: the VMM performs the
 * access or takes over; this only classifies it.
 *
 * The registers:
 *  - PM1a_CNT / PM1b_CNT (struct acpi_power, ACPI 6.5 section 4.8.3.2.1):
 *    16 bits, written by byte or word; SLP_TYPx is bits 10-12, SLP_EN bit 13;
 *  - the FADT's RESET_REG when it is in I/O space: a byte write of
 *    RESET_VALUE resets (section 4.8.3.6);
 *  - 0xCF9, the chipset's 8-bit Reset Control register: RST_CPU (bit 2)
 *    going to 1 resets, with SYS_RST (bit 1) and FULL_RST (bit 3) choosing
 *    how hard;
 *  - 0x64, the 8042 keyboard controller's command port: commands 0xF0-0xFF
 *    pulse output-port lines 3-0 whose bit is 0, and line 0 is the CPU
 *    reset, so an even command from 0xF0 to 0xFE (0xFE: the usual "pulse
 *    reset") resets;
 *  - 0x92, System Control Port A, the PC/AT compatibles' "fast A20 and
 *    reset" port (Intel ICH10 datasheet 319973-003, "Port 92h"): bit 0
 *    going to 1 resets the processors, bit 1 is the A20 gate, which the
 *    hypervisor, running above 1 MiB, needs on.
 */
#ifndef LIB_POWER_PORTS_H
#define LIB_POWER_PORTS_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/acpi_power.h"

/* Fixed ports, chipset and PC/AT legacy (not in the ACPI tables). */
#define RESET_CONTROL_PORT	0xCF9 /* Reset Control Register (RST_CNT) */
#define RESET_CONTROL_SYS_RST	(1u << 1)
#define RESET_CONTROL_RST_CPU	(1u << 2)
#define RESET_CONTROL_FULL_RST	(1u << 3)
#define PCI_CONFIG_ADDRESS_PORT 0xCF8 /* a 4-byte access here is PCI CONFIG_ADDRESS */
#define KBC_COMMAND_PORT	0x64
#define KBC_PULSE_RESET		0xFE
#define SYSTEM_CONTROL_A_PORT	0x92
#define SCA_FAST_RESET		(1u << 0)
#define SCA_A20_GATE		(1u << 1)

/* PM1x_CNT bits (ACPI 6.5 section 4.8.3.2.1). */
#define PM1_CNT_SLP_TYP_SHIFT 10
#define PM1_CNT_SLP_TYP_MASK  (7u << PM1_CNT_SLP_TYP_SHIFT)
#define PM1_CNT_SLP_EN	      (1u << 13)

enum power_action {
	POWER_PASS,	/* not a power transition: perform it on the real port */
	POWER_POWEROFF, /* the guest turns the machine off (S5) */
	/*
	 * SLP_EN with another sleep type (S1-S4): the guest is going to sleep,
	 * and since the hypervisor does not put the machine to sleep for it,
	 * it treats this as the guest leaving, like POWEROFF.
	 */
	POWER_SLEEP,
	POWER_REBOOT, /* the guest resets the machine */
	/*
	 * A write the hypervisor does not perform, since it would take the
	 * machine from it without ending the guest: A20 off at port 0x92.
	 */
	POWER_REFUSE,
};

/*
 * One I/O instruction's access: the first port, its size in bytes (1, 2 or
 * 4; anything else is PASS), its direction, and for OUT the value written
 * (its low size bytes; byte i goes to port + i).
 */
struct power_io {
	uint16_t port;
	uint8_t size;
	bool out;
	uint32_t value;
};

/*
 * What the access means.  Reads are always PASS.  A write counts for a
 * register when any of its bytes lands on one of the register's bytes:
 *  - PM1a_CNT/PM1b_CNT: a write that covers the register's high byte with
 *    SLP_EN set is POWEROFF when SLP_TYPx is \_S5's SLP_TYPa (PM1a) or
 *    SLP_TYPb (PM1b), else SLEEP.  When the DSDT gave no \_S5 (s5_found
 *    false) every SLP_EN write is POWEROFF: the type cannot be told apart,
 *    the guest leaves either way, and the hypervisor should take the machine
 *    back rather than let the chipset enter a state it did not choose.
 *    Writes to the low byte alone (SCI_EN, BM_RLD, GBL_RLS) are PASS.
 *  - RESET_REG in I/O space with a nonzero address: the byte landing on it
 *    equal to RESET_VALUE is REBOOT (whether or not RESET_REG_SUP is set:
 *    the flag tells the OS whether to use it, not whether it resets).
 *  - 0xCF9: the byte landing on it with RST_CPU set is REBOOT, except in a
 *    4-byte write at 0xCF8, which is PCI CONFIG_ADDRESS and PASS.
 *  - 0x64: the byte landing on it being a pulse command with bit 0 clear
 *    (0xF0, 0xF2, ... 0xFE) is REBOOT.
 *  - 0x92: the byte landing on it with FAST_RESET set is REBOOT; else with
 *    A20_GATE clear it is REFUSE (the guest keeps A20 on: the hypervisor
 *    runs above 1 MiB).
 */
enum power_action power_port_decide(const struct acpi_power *p, const struct power_io *io);

/* "pass", "poweroff", "sleep", "reboot", "refuse". */
const char *power_action_name(enum power_action a);

/* The most ports power_port_list returns: PM1a (2 bytes), PM1b (2), RESET_REG, 0xCF9, 0x64, 0x92. */
#define POWER_PORTS_MAX 8

/*
 * The ports whose I/O bitmap bits the VMM sets, so that every access that
 * power_port_decide may not call PASS exits: each byte of the PM1 control
 * registers (a byte write to the high byte alone sets SLP_EN), the I/O
 * RESET_REG, 0xCF9, 0x64 and 0x92.  Unique, nonzero, in that order; returns how
 * many it wrote to ports[] (at most max).  An access exits if any port it
 * touches has its bit set (Intel SDM Vol. 3C section 26.1.3), so a 4-byte
 * access at 0xCF8 exits too.
 */
unsigned power_port_list(const struct acpi_power *p, uint16_t *ports, unsigned max);

#endif
