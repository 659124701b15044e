/* fleet_print.h -- the fleet for people (an aligned table and a list of
 * problems in words) and for scripts (JSON).
 *
 * Both take a fleet after fleet_evaluate() and the same now, so they show
 * the same flags. Times are printed as ages ("2 h 13 min") in the table and
 * as UTC seconds (with ages in seconds beside them) in the JSON; unknowns
 * are "?" in the table and null in the JSON.
 *
 * Ownership: nothing is kept; the caller owns out.
 */
#ifndef SR_FLEET_PRINT_H
#define SR_FLEET_PRINT_H

#include <stdint.h>
#include <stdio.h>

#include "core/status.h"
#include "fleet/fleet.h"

/* The table, then one line per problem, then a summary line. */
void fleet_print_table(const fleet *f, const fleet_limits *limits, int64_t now, FILE *out);

/* One JSON object: {"generated":..., "expected_content":..., "flagged":N,
 * "kiosks":[{...}, ...]}. SR_E_NOMEM when it cannot be built. */
sr_status fleet_print_json(const fleet *f, const fleet_limits *limits, int64_t now, FILE *out);

#endif
