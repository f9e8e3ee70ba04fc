/* plat_video.c - window or offscreen surface, renderer, events, time. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/plat_internal.h"

static void set_err(char *err, size_t err_len, const char *what)
{
    if (err && err_len)
        snprintf(err, err_len, "%s: %s", what, SDL_GetError());
}

static void update_size(plat_Ctx *p)
{
    int w = 0, h = 0;
    if (p->ren && SDL_GetRendererOutputSize(p->ren, &w, &h) == 0 && w > 0 && h > 0) {
        p->w = w;
        p->h = h;
    }
    p->ratio = 1.0f;
    if (p->win) {
        int ww = 0, wh = 0;
        SDL_GetWindowSize(p->win, &ww, &wh);
        if (ww > 0)
            p->ratio = (float)p->w / (float)ww;
    }
}

static plat_Ctx *finish_open(plat_Ctx *p, char *err, size_t err_len)
{
    SDL_SetRenderDrawBlendMode(p->ren, SDL_BLENDMODE_BLEND);
    update_size(p);
    if (plat_fonts_init(p, err, err_len) != 0) {
        plat_close(p);
        return NULL;
    }
    return p;
}

/* SDL's fallbacks when it finds no display: a window there is never seen. */
static int unseen_driver(void)
{
    const char *asked = SDL_getenv("SDL_VIDEODRIVER");
    if (asked && asked[0])
        return 0; /* asked for by name (the tests ask for dummy): meant */
    const char *d = SDL_GetCurrentVideoDriver();
    return d && (strcmp(d, "offscreen") == 0 || strcmp(d, "dummy") == 0);
}

/* Whether the machine has a GPU that Mesa or a vendor driver could draw
 * with: a DRM render node, and GL not forced to software. Without one, GL
 * would be Mesa's llvmpipe, drawing on the CPU anyway. */
static int gpu_present(void)
{
    const char *soft = getenv("LIBGL_ALWAYS_SOFTWARE");
    if (soft && soft[0] && strcmp(soft, "0") != 0)
        return 0;
    DIR *dir = opendir("/dev/dri");
    if (!dir)
        return 0;
    int found = 0;
    for (struct dirent *e; !found && (e = readdir(dir));)
        found = strncmp(e->d_name, "renderD", 7) == 0 || strncmp(e->d_name, "card", 4) == 0;
    closedir(dir);
    return found;
}

/* Whether ren draws through OpenGL that a CPU rasterizes (Mesa's llvmpipe,
 * softpipe, swrast). The renderer's context is current after its creation,
 * so glGetString answers for it. */
static int gl_in_software(SDL_Renderer *ren)
{
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(ren, &info) != 0 || strncmp(info.name, "opengl", 6) != 0)
        return 0;
    typedef const unsigned char *(*GetString)(unsigned int);
    GetString get = (GetString)(uintptr_t)SDL_GL_GetProcAddress("glGetString");
    if (!get)
        return 0;
    const char *name = (const char *)get(0x1F01); /* GL_RENDERER */
    return name && (strstr(name, "llvmpipe") || strstr(name, "softpipe") || strstr(name, "swrast") ||
                    strstr(name, "Software Rasterizer"));
}

plat_Ctx *plat_open_window(const char *title, int w, int h, int *no_display, char *err,
                           size_t err_len)
{
    *no_display = 0;
    plat_Ctx *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, err_len, "out of memory");
        return NULL;
    }
    SDL_SetHint(SDL_HINT_VIDEO_X11_NET_WM_BYPASS_COMPOSITOR, "0");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        set_err(err, err_len, "cannot start the video system");
        free(p);
        return NULL;
    }
    p->video_inited = 1;
    if (unseen_driver()) {
        *no_display = 1;
        if (err && err_len)
            snprintf(err, err_len, "no display (SDL found only its %s video driver)",
                     SDL_GetCurrentVideoDriver());
        plat_close(p);
        return NULL;
    }
    p->win = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h,
                              SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!p->win) {
        set_err(err, err_len, "cannot open the window");
        plat_close(p);
        return NULL;
    }
    SDL_SetWindowMinimumSize(p->win, 1024, 720);
    /* Any renderer the machine offers, vsync for a steady 60 fps; the
     * software renderer is the fallback on machines without GL. */
    if (!SDL_GetHint(SDL_HINT_RENDER_DRIVER) && !gpu_present()) {
        /* no GPU to draw with: SDL's software renderer, and no GL loaded */
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        p->ren = SDL_CreateRenderer(p->win, -1, SDL_RENDERER_SOFTWARE);
    }
    if (!p->ren)
        p->ren = SDL_CreateRenderer(p->win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (p->ren && gl_in_software(p->ren) && !SDL_GetHint(SDL_HINT_RENDER_DRIVER)) {
        /* GL drawn by the CPU (Mesa's llvmpipe: a virtual display, a
         * machine without a GPU driver) is no faster for our 2-D frames
         * than SDL's own software renderer, and keeps some 100 MB of
         * compiler and driver state resident: use SDL's. Without the hint,
         * SDL's window framebuffer would open a GL context to test for a
         * GPU and load the same driver again. */
        SDL_DestroyRenderer(p->ren);
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
        p->ren = SDL_CreateRenderer(p->win, -1, SDL_RENDERER_SOFTWARE);
    }
    if (!p->ren)
        p->ren = SDL_CreateRenderer(p->win, -1, SDL_RENDERER_SOFTWARE);
    if (!p->ren) {
        set_err(err, err_len, "cannot create a renderer");
        plat_close(p);
        return NULL;
    }
    SDL_EventState(SDL_DROPFILE, SDL_ENABLE);
    SDL_StartTextInput();
    return finish_open(p, err, err_len);
}

plat_Ctx *plat_open_offscreen(int w, int h, char *err, size_t err_len)
{
    plat_Ctx *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, err_len, "out of memory");
        return NULL;
    }
    p->surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!p->surf) {
        set_err(err, err_len, "cannot create the offscreen surface");
        free(p);
        return NULL;
    }
    p->ren = SDL_CreateSoftwareRenderer(p->surf);
    if (!p->ren) {
        set_err(err, err_len, "cannot create the software renderer");
        plat_close(p);
        return NULL;
    }
    p->w = w;
    p->h = h;
    return finish_open(p, err, err_len);
}

void plat_close(plat_Ctx *p)
{
    if (!p)
        return;
    plat_fonts_free(p);
    for (int i = 0; i < p->n_disk; i++)
        SDL_DestroyTexture(p->disk[i]);
    for (int i = 0; i < p->n_tex; i++)
        if (p->tex[i])
            SDL_DestroyTexture(p->tex[i]);
    free(p->tex);
    free(p->verts);
    if (p->ren)
        SDL_DestroyRenderer(p->ren);
    if (p->surf)
        SDL_FreeSurface(p->surf);
    if (p->win)
        SDL_DestroyWindow(p->win);
    if (p->video_inited)
        SDL_QuitSubSystem(SDL_INIT_VIDEO);
    free(p);
}

void plat_size(const plat_Ctx *p, int *w, int *h)
{
    *w = p->w;
    *h = p->h;
}

float plat_pixel_ratio(const plat_Ctx *p)
{
    return p->ratio;
}

void plat_set_fullscreen(plat_Ctx *p, int on)
{
    if (!p->win)
        return;
    SDL_SetWindowFullscreen(p->win, on ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
    p->fullscreen = on;
    update_size(p);
}

int plat_is_fullscreen(const plat_Ctx *p)
{
    return p->fullscreen;
}

void plat_set_title(plat_Ctx *p, const char *title)
{
    if (p->win)
        SDL_SetWindowTitle(p->win, title);
}

double plat_now(void)
{
    return (double)SDL_GetPerformanceCounter() / (double)SDL_GetPerformanceFrequency();
}

void plat_sleep_ms(int ms)
{
    if (ms > 0)
        SDL_Delay((Uint32)ms);
}

int plat_wait(plat_Ctx *p, int timeout_ms)
{
    (void)p;
    return SDL_WaitEventTimeout(NULL, timeout_ms > 0 ? timeout_ms : 0) == 1;
}

/* ======================================================================== */
/* events                                                                    */
/* ======================================================================== */

static int map_key(SDL_Keycode k, int mods)
{
    switch (k) {
    case SDLK_RIGHT: return UI_KEY_RIGHT;
    case SDLK_LEFT: return UI_KEY_LEFT;
    case SDLK_UP: return UI_KEY_UP;
    case SDLK_DOWN: return UI_KEY_DOWN;
    case SDLK_RETURN:
    case SDLK_KP_ENTER: return UI_KEY_ENTER;
    case SDLK_ESCAPE: return UI_KEY_ESCAPE;
    case SDLK_BACKSPACE: return UI_KEY_BACKSPACE;
    case SDLK_DELETE: return UI_KEY_DELETE;
    case SDLK_TAB: return UI_KEY_TAB;
    case SDLK_F11: return UI_KEY_F11;
    case SDLK_HOME: return UI_KEY_HOME;
    case SDLK_END: return UI_KEY_END;
    case SDLK_KP_PLUS: return UI_KEY_KP_PLUS;
    case SDLK_KP_MINUS: return UI_KEY_KP_MINUS;
    case SDLK_SLASH: return (mods & UI_MOD_SHIFT) ? '?' : '/';
    default: break;
    }
    if (k >= 32 && k < 127)
        return (int)k;
    return 0;
}

static int map_mods(Uint16 m)
{
    int r = 0;
    if (m & KMOD_SHIFT)
        r |= UI_MOD_SHIFT;
    if (m & KMOD_CTRL)
        r |= UI_MOD_CTRL;
    if (m & KMOD_ALT)
        r |= UI_MOD_ALT;
    return r;
}

static int map_button(Uint8 b)
{
    return b == SDL_BUTTON_LEFT ? UI_MOUSE_LEFT : b == SDL_BUTTON_RIGHT ? UI_MOUSE_RIGHT
                                                                         : UI_MOUSE_MIDDLE;
}

void plat_poll(plat_Ctx *p, ui_Input *in, plat_Events *ev)
{
    memset(ev, 0, sizeof *ev);
    in->mouse_pressed = 0;
    in->mouse_released = 0;
    in->wheel = 0;
    in->n_keys = 0;
    in->text[0] = '\0';
    SDL_Event e;
    while (SDL_PollEvent(&e)) {
        ev->any++;
        switch (e.type) {
        case SDL_QUIT:
            ev->quit = 1;
            break;
        case SDL_WINDOWEVENT:
            if (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
                e.window.event == SDL_WINDOWEVENT_RESIZED) {
                update_size(p);
                ev->resized = 1;
            } else if (e.window.event == SDL_WINDOWEVENT_CLOSE) {
                ev->quit = 1;
            }
            break;
        case SDL_MOUSEMOTION:
            /* the motion SDL reports as the window appears under a resting
             * pointer is not the user's: no hover (a tooltip wherever the
             * pointer happened to be) until the pointer leaves that spot */
            if (!ui_pointer_motion(&p->pointer, e.motion.x, e.motion.y, e.motion.state))
                break;
            in->mouse_x = (int)((float)e.motion.x * p->ratio);
            in->mouse_y = (int)((float)e.motion.y * p->ratio);
            break;
        case SDL_MOUSEBUTTONDOWN:
            ui_pointer_pressed(&p->pointer);
            in->mouse_x = (int)((float)e.button.x * p->ratio);
            in->mouse_y = (int)((float)e.button.y * p->ratio);
            in->mouse_down |= map_button(e.button.button);
            in->mouse_pressed |= map_button(e.button.button);
            break;
        case SDL_MOUSEBUTTONUP:
            in->mouse_x = (int)((float)e.button.x * p->ratio);
            in->mouse_y = (int)((float)e.button.y * p->ratio);
            in->mouse_down &= ~map_button(e.button.button);
            in->mouse_released |= map_button(e.button.button);
            break;
        case SDL_MOUSEWHEEL:
            in->wheel += e.wheel.y;
            break;
        case SDL_KEYDOWN: {
            int mods = map_mods(e.key.keysym.mod);
            in->mods = mods;
            int k = map_key(e.key.keysym.sym, mods);
            if (k && in->n_keys < UI_MAX_KEYS) {
                in->key_mods[in->n_keys] = mods;
                in->keys[in->n_keys++] = k;
            }
            break;
        }
        case SDL_KEYUP:
            in->mods = map_mods(e.key.keysym.mod);
            break;
        case SDL_TEXTINPUT: {
            size_t have = strlen(in->text), add = strlen(e.text.text);
            if (have + add < sizeof in->text)
                memcpy(in->text + have, e.text.text, add + 1);
            break;
        }
        case SDL_DROPFILE:
            if (e.drop.file) {
                snprintf(ev->drop_path, sizeof ev->drop_path, "%s", e.drop.file);
                ev->dropped = 1;
                SDL_free(e.drop.file);
            }
            break;
        default:
            break;
        }
    }
}
