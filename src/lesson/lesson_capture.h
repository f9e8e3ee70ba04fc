/* lesson_capture.h - "save this moment as a step": the commands that bring
 * a lesson from the end of its last step to what the window shows now,
 * written as one more [step] of the lesson file (or of a new lesson file),
 * so a teacher authors a lesson by doing it instead of typing INI.
 *
 * The step reproduces the state: the knobs changed as SET_* commands (each
 * at the batch it was changed at, read from the timeline's branches), the
 * position as RUN_UNTIL step N (GOTO_STEP when it went back) and the
 * phases stepped, the run shown, the selected row, the inspected neuron,
 * the highlight, the hidden controls and the view. Weights typed and points
 * drawn, removed or cleared by hand are written as the commands that made
 * them (core/edit_log.h), at the batch and phase they were made at, with
 * numbers that read back as the same bits. Its narration is a placeholder
 * to fill in. No SDL. */
#ifndef NNVIZ_LESSON_CAPTURE_H
#define NNVIZ_LESSON_CAPTURE_H

#include <stddef.h>

#include "core/core.h"
#include "lesson/lesson_walk.h"

#define LESSON_CAPTURE_TEXT "(what the class should see)"
#define LESSON_CAPTURE_TEXT_ZH "\xef\xbc\x88\xe2\x80\xa6\xe2\x80\xa6\xef\xbc\x89" /* （……） */

/* The [step] section (with its "[step]" line) that takes the core from the
 * state from (with its parameters' owner's compare string from_compare) to
 * the core's state now, into out. The caller holds the lock or nothing
 * trains. 0, or -1 with one line in err. */
int lesson_capture_step_text(app_Core *c, const lesson_Mark *from, const char *from_compare,
                             const char *compare_now, char *out, size_t out_len, char *err,
                             size_t err_len);

/* Saves the moment. With a lesson walked to the end of its last step (or
 * on the title card of a lesson without steps): appends the step to its
 * file (path NULL or the lesson's own), reloads it, and the walk stands at
 * the end of the new step. Otherwise (w NULL or without a file) a new
 * lesson file at path: the set-up of the current experiment as it started
 * and one step. Saved atomically. 0, or -1 with one line in err (nothing
 * written). */
int lesson_capture_save(lesson_Walk *w, app_Core *c, const char *path, char *err,
                        size_t err_len);

#endif
