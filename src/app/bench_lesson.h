/* bench_lesson.h - the lessons' figures (nnviz-bench --task LESSON), drawn
 * offscreen: a lesson opened to its first drawn frame, the frame that
 * switches the language live, frames with the lesson's narration on screen
 * in English and in Simplified Chinese while training, and the resident
 * memory before and after the Chinese font is in use. As in the window, the
 * CJK face is opened ahead between English frames and Chinese glyphs are
 * rasterized within a per-frame budget. */
#ifndef NNVIZ_BENCH_LESSON_H
#define NNVIZ_BENCH_LESSON_H

#include <stddef.h>

typedef struct {
    double open_ms;          /* app created on the lesson, its walk at step 1, first frame drawn */
    double switch_frame_ms;  /* the first frame drawn after switching to Simplified Chinese */
    double frame_ms_en;      /* mean frame, narration in English, training at full speed */
    double frame_ms_zh;      /* the same in Chinese */
    double ui_cpu_ms_zh;     /* the drawing thread's processor time per Chinese frame */
    double rss_mb_en;        /* resident after the English frames */
    double rss_mb_zh;        /* ... after the Chinese ones (the CJK face opened) */
    double switch_cpu_ms;    /* its processor time (the machine may be shared) */
    int settle_frames;       /* frames after the switch frame until every glyph is drawn
                                (the window rasterizes PLAT_GLYPH_BUDGET_MS of them a frame) */
    double settle_worst_ms;  /* the longest of the switch frame and those */
    double warm_ms;          /* rendering the Chinese glyphs ahead, in the time the window sleeps */
} app_BenchLesson;

/* Measures a lesson file with steps at w x h, `frames` frames per language.
 * 0, or -1 with one line in err. */
int app_bench_lesson(const char *path, int w, int h, int frames, app_BenchLesson *out, char *err,
                     size_t err_len);

#endif
