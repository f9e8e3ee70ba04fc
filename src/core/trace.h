/* trace.h - every number of the first batches of training, as CSV, so a
 * student can recompute any of them with a calculator or a spreadsheet.
 *
 * The layout (one value a line: batch,phase,layer,quantity,row,i,j,value)
 * is documented in docs/trace-format.md. */
#ifndef NNVIZ_CORE_TRACE_H
#define NNVIZ_CORE_TRACE_H

#include <stddef.h>

#include "engine/session.h"

/* Runs the next `batches` batches of s phase by phase (fewer when the
 * session's step limit or a divergence comes first), writes the values of
 * every phase to path (atomically), and then puts the session back exactly
 * where it was (a checkpoint taken before, restored after), so training from
 * there gives the same bits as without the trace. Must be called at a batch
 * boundary. Returns 0, or -1 with one line in err (path named); the session
 * is back where it was in either case, unless the checkpoint itself could
 * not be made (then nothing was run). */
int app_trace_write(nn_Session *s, const char *path, int batches, char *err, size_t err_len);

#endif
