/* provision_qr.h -- the enrolment QR code: a kiosk's device id as a QR
 * code, for the technician's records (a phone or a handheld scanner reads
 * the id off the screen, the printed label or the PNG).
 *
 * Encoded by libqrencode (8-bit mode, error correction level M), with the
 * standard quiet zone of 4 modules around it, drawn either in a terminal
 * with UTF-8 half blocks (two rows of modules per line of text) or into a
 * PNG with cairo, the id written under the code in plain text.
 *
 * Ownership: nothing is kept; the caller owns its FILE.
 */
#ifndef SR_PROVISION_QR_H
#define SR_PROVISION_QR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/status.h"

#define PROVISION_QR_QUIET 4      /* modules of light margin on each side */
#define PROVISION_QR_MODULE_PX 8  /* pixels per module in the PNG */

/* Prints the code for text to out. With colour, ANSI colours force dark on
 * light, as scanners need, whatever the terminal's own colours; without
 * it (output is not a terminal), the blocks are the dark modules and the
 * terminal should be dark text on a light background. SR_E_INVALID when
 * text cannot be encoded, SR_E_NOMEM. */
sr_status provision_qr_print(const char *text, FILE *out, bool colour);

/* Writes the code for text to a PNG at path, with caption (may be NULL)
 * under it. SR_E_IO (reason in err) when the file cannot be written. */
sr_status provision_qr_png(const char *text, const char *caption, const char *path, char *err,
                           size_t err_size);

#endif
