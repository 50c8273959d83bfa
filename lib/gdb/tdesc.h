/*
 * The target description the stub serves as target.xml through
 * `qXfer:features:read` (Debugging with GDB, tenth edition for GDB 13,
 * appendix G "Target Descriptions"): architecture i386:x86-64 and one
 * <feature> per enum gdb_feature, its registers taken from gdb_reg_table so
 * the description and the `g` packet cannot disagree.
 */
#ifndef LIB_GDB_TDESC_H
#define LIB_GDB_TDESC_H

#include <stddef.h>

/* The sys feature's name: this stub's own, no standard GDB feature. */
#define GDB_FEATURE_SYS_NAME "org.hypervisor.x86.sys"

/*
 * Writes the description into out (NUL-terminated).  Returns its length
 * without the NUL, or 0 if cap is too small.
 */
size_t gdb_tdesc_xml(char *out, size_t cap);

/* Large enough for gdb_tdesc_xml's output. */
#define GDB_TDESC_MAX 8192

#endif
