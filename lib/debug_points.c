/* Parses break=<point>[@cpu],... and answers whether a core stops at a point. */
#include "lib/debug_points.h"

#include <string.h>

static const char *const point_names[DEBUG_POINT_COUNT] = {
	[DEBUG_POINT_AP_START] = "ap-start", [DEBUG_POINT_VMX_CHECK] = "vmx-check",
	[DEBUG_POINT_VMXON] = "vmxon",	     [DEBUG_POINT_VMXOFF] = "vmxoff",
	[DEBUG_POINT_REPORT] = "report",     [DEBUG_POINT_EXCEPTION] = "exception",
};

const char *debug_point_name(enum debug_point point)
{
	if ((unsigned)point >= DEBUG_POINT_COUNT)
		return "?";
	return point_names[point];
}

static bool lookup(const char *name, size_t len, enum debug_point *out)
{
	for (unsigned i = 0; i < DEBUG_POINT_COUNT; i++)
		if (strlen(point_names[i]) == len && memcmp(point_names[i], name, len) == 0) {
			*out = (enum debug_point)i;
			return true;
		}
	return false;
}

/* A decimal core index below DEBUG_POINTS_CPU_BITS, all of [s, s+len). */
static bool parse_cpu(const char *s, size_t len, uint32_t *cpu)
{
	uint32_t value = 0;

	if (len == 0 || len > 2)
		return false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		value = value * 10 + (uint32_t)(s[i] - '0');
	}
	if (value >= DEBUG_POINTS_CPU_BITS)
		return false;
	*cpu = value;
	return true;
}

/* One item, "name" or "name@N": true if it armed a point. */
static bool arm_item(struct debug_points *points, const char *item, size_t len)
{
	size_t name_len = 0;
	enum debug_point point;
	uint32_t cpu;

	while (name_len < len && item[name_len] != '@')
		name_len++;

	if (!lookup(item, name_len, &point))
		return false;
	if (name_len == len) {
		points->any_cpu[point] = true;
		return true;
	}
	if (!parse_cpu(item + name_len + 1, len - name_len - 1, &cpu))
		return false;
	points->cpus[point] |= 1ull << cpu;
	return true;
}

unsigned debug_points_parse(struct debug_points *points, const char *list,
			    debug_points_reject_fn reject, void *ctx)
{
	unsigned rejected = 0;

	if (!list)
		return 0;
	while (*list) {
		const char *comma = strchr(list, ',');
		size_t len = comma ? (size_t)(comma - list) : strlen(list);

		if (!arm_item(points, list, len)) {
			rejected++;
			if (reject)
				reject(ctx, list, len);
		}
		list += len;
		if (*list == ',')
			list++;
	}
	return rejected;
}

bool debug_points_match(const struct debug_points *points, enum debug_point point, uint32_t cpu)
{
	if ((unsigned)point >= DEBUG_POINT_COUNT)
		return false;
	if (points->any_cpu[point])
		return true;
	return cpu < DEBUG_POINTS_CPU_BITS && (points->cpus[point] >> cpu) & 1;
}

bool debug_points_any(const struct debug_points *points)
{
	for (unsigned i = 0; i < DEBUG_POINT_COUNT; i++)
		if (points->any_cpu[i] || points->cpus[i])
			return true;
	return false;
}
