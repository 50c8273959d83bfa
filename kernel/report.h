/*
 * The report: the stable, parsed interface of every boot (README, "Report
 * lines").  One `cpu` line per processor, then one `summary` line.
 */
#ifndef KERNEL_REPORT_H
#define KERNEL_REPORT_H

#include <stdbool.h>
#include <stdint.h>

/* Print the report for every processor known and end the run. */
__attribute__((noreturn)) void report_and_exit(bool success);

#endif
