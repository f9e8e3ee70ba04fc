/* render_race.h - the race and landscape views of `nnviz render`
 * (cmd_render_race.c), reached from cmd_render.c. */
#ifndef NNVIZ_RENDER_RACE_H
#define NNVIZ_RENDER_RACE_H

/* argv as app_main_render's; view is "race" or "landscape". Returns the exit
 * status: 0, 1 (a file or drawing failed) or 2 (bad options), after one
 * line on stderr. */
int app_render_race_view(int argc, char **argv, const char *view);

#endif
