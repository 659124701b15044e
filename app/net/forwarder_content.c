/* forwarder_content.c -- signed content packs arriving on the forwarder's
 * connection (see forwarder.h and app/content/content_update.h).
 *
 * The pack is a retained message, so the broker hands it over again at
 * every connection: a message identical to the last one handled (same
 * hash) is ignored, and an identical pack that was already installed is not
 * written again (content_files_save compares bytes). Checking and saving run
 * here, on the forwarder's thread -- signature, validation and a few fsyncs
 * of a pack that changes a few times a year -- so the screen never waits
 * for them; the UI thread is only woken (on_content) to swap the pack in
 * between check-ins.
 *
 * A refused pack is logged and becomes the status' problem ("content
 * update refused: bad signature ..."), so estates see it on the fleet list;
 * the next good pack clears it.
 */
#include "forwarder_internal.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "../content/content_update.h"

/* Sets (or clears, with "") the refusal the status reports when the UI
 * has no problem of its own to report (see current_facts). */
static void set_refusal(forwarder *fw, const char *problem)
{
    snprintf(fw->content_problem, sizeof fw->content_problem, "%s", problem);
    fw->status_due = true;
}

void forwarder_content_receive(forwarder *fw, const void *payload, int len)
{
    unsigned char hash[sizeof fw->content_seen];
    char version[WIRE_NAME_MAX], err[512], problem[WIRE_REASON_MAX];
    if (len <= 0 || sodium_init() < 0)
        return; /* an empty retained message clears the topic: nothing to do */
    crypto_generichash(hash, sizeof hash, payload, (unsigned long long)len, NULL, 0);
    if (memcmp(hash, fw->content_seen, sizeof hash) == 0)
        return;
    memcpy(fw->content_seen, hash, sizeof hash);
    sr_status st = content_update_install(payload, (size_t)len, fw->content_key,
                                          fw->content_update_dir, version, sizeof version, err,
                                          sizeof err);
    if (st != SR_OK) {
        forwarder_log(fw, "content update refused (%s): %s; keeping the current pack",
                      sr_status_str(st), err);
        snprintf(problem, sizeof problem, "content update refused: %.150s", err);
        set_refusal(fw, problem);
        return;
    }
    forwarder_log(fw, "content update %s installed in %s", version, fw->content_update_dir);
    set_refusal(fw, "");
    if (fw->on_content)
        fw->on_content(fw->on_content_arg, version);
}
