/*
 * libwbxml in-process, for the codec benchmark (bench/codec.ts compiles this at bench time against
 * libwbxml2-dev; no binary is committed). Two modes:
 *
 *   libwbxml-harness serve
 *       Reads commands on stdin, one per line, and answers each with one line on stdout:
 *         load <path>                          -> {"id":N}       the file, held in memory
 *         tree <id> <lang>                     -> {"ok":true}    a tree of the WBXML input <id>,
 *                                                                 built once for t2w/t2x
 *         run <conv> <lang> <min-ms> <id>...   -> {"messages":…,"failed":…,"bytesIn":…,"bytesOut":…,
 *                                                  "wall":s,"cpu":s}
 *             converts every input in turn, again and again until <min-ms> of CPU time have passed
 *         save <conv> <lang> <id> <out-path>   -> {"ok":true}    one conversion, written to a file
 *         quit
 *   libwbxml-harness mem <conv> <lang> <path>
 *       One conversion of one file in a fresh process; prints the growth of peak RSS and of the
 *       bytes malloc holds (after the conversion, its product still held) over the state with the
 *       input loaded: {"peakRssBytes":…,"retainedBytes":…,"bytesIn":…}.
 *
 * Conversions: w2x (wbxml_conv WBXML -> XML text, compact), x2w (wbxml_conv XML text -> WBXML),
 * w2t (wbxml_tree_from_wbxml), t2w (wbxml_tree_to_wbxml), t2x (wbxml_tree_to_xml, compact),
 * x2t (wbxml_tree_from_xml). <lang> is CSP11 or CSP12 (forced when reading WBXML) or "-" (XML text:
 * the language comes from the DOCTYPE). Every product is freed inside the timed loop (trees with
 * wbxml_tree_destroy), as the garbage collector frees ours inside our timed loop.
 *
 * Debian's libwbxml2-dev installs only wbxml.h and wbxml_conv.h; the tree API is exported by the
 * library (0.11.x) but its header is not installed, so its four functions are declared here with
 * the signatures of libwbxml 0.11 (src/wbxml_tree.h), the tree itself as an opaque pointer.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wbxml/wbxml.h>

typedef struct WBXMLTree_s WBXMLTree;
extern WBXMLError wbxml_tree_from_wbxml(WB_UTINY *wbxml, WB_ULONG wbxml_len, WBXMLLanguage lang, WBXMLCharsetMIBEnum charset,
                                        WBXMLTree **tree);
extern WBXMLError wbxml_tree_to_wbxml(WBXMLTree *tree, WB_UTINY **wbxml, WB_ULONG *wbxml_len, WBXMLGenWBXMLParams *params);
extern WBXMLError wbxml_tree_from_xml(WB_UTINY *xml, WB_ULONG xml_len, WBXMLTree **tree);
extern WBXMLError wbxml_tree_to_xml(WBXMLTree *tree, WB_UTINY **xml, WB_ULONG *xml_len, WBXMLGenXMLParams *params);
extern void wbxml_tree_destroy(WBXMLTree *tree);

typedef struct {
    unsigned char *data;
    size_t len;
    WBXMLTree *tree; /* for t2w / t2x, built by "tree" */
} Input;

#define MAX_INPUTS 4096
static Input inputs[MAX_INPUTS];
static int input_count = 0;

static int read_file(const char *path, Input *in) {
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    in->data = malloc((size_t)n + 1);
    if (!in->data || fread(in->data, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        return 0;
    }
    in->data[n] = 0; /* libwbxml's XML parser wants a C string */
    in->len = (size_t)n;
    in->tree = NULL;
    fclose(f);
    return 1;
}

static double wall_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double cpu_now(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static WBXMLLanguage lang_of(const char *s) {
    if (strcmp(s, "CSP11") == 0) return WBXML_LANG_WV_CSP11;
    if (strcmp(s, "CSP12") == 0) return WBXML_LANG_WV_CSP12;
    return WBXML_LANG_UNKNOWN;
}

typedef enum { W2X, X2W, W2T, T2W, T2X, X2T, BAD } Conv;

static Conv conv_of(const char *s) {
    static const char *names[] = {"w2x", "x2w", "w2t", "t2w", "t2x", "x2t"};
    for (int i = 0; i < 6; i++)
        if (strcmp(s, names[i]) == 0) return (Conv)i;
    return BAD;
}

/* One converter object per direction, reused across calls (what a server would do). */
static WBXMLConvWBXML2XML *to_xml = NULL;
static WBXMLConvXML2WBXML *to_wbxml = NULL;
static WBXMLLanguage to_xml_lang = WBXML_LANG_UNKNOWN;

static void converters(WBXMLLanguage lang) {
    if (!to_xml) {
        wbxml_conv_wbxml2xml_create(&to_xml);
        wbxml_conv_wbxml2xml_set_gen_type(to_xml, WBXML_GEN_XML_COMPACT);
    }
    if (lang != to_xml_lang) {
        wbxml_conv_wbxml2xml_set_language(to_xml, lang);
        to_xml_lang = lang;
    }
    if (!to_wbxml) wbxml_conv_xml2wbxml_create(&to_wbxml);
}

/*
 * One conversion. On success the product is returned through *out / *out_len (bytes) or *tree_out
 * (a tree); the caller frees it. Returns the libwbxml error code.
 */
static WBXMLError convert(Conv conv, WBXMLLanguage lang, Input *in, WB_UTINY **out, WB_ULONG *out_len, WBXMLTree **tree_out) {
    *out = NULL;
    *out_len = 0;
    *tree_out = NULL;
    switch (conv) {
    case W2X:
        return wbxml_conv_wbxml2xml_run(to_xml, in->data, (WB_ULONG)in->len, out, out_len);
    case X2W:
        return wbxml_conv_xml2wbxml_run(to_wbxml, in->data, (WB_ULONG)in->len, out, out_len);
    case W2T:
        return wbxml_tree_from_wbxml(in->data, (WB_ULONG)in->len, lang, WBXML_CHARSET_UNKNOWN, tree_out);
    case X2T:
        return wbxml_tree_from_xml(in->data, (WB_ULONG)in->len, tree_out);
    case T2W: {
        WBXMLGenWBXMLParams params = {WBXML_VERSION_13, FALSE, TRUE, FALSE};
        return in->tree ? wbxml_tree_to_wbxml(in->tree, out, out_len, &params) : WBXML_ERROR_BAD_PARAMETER;
    }
    case T2X: {
        WBXMLGenXMLParams params = {WBXML_GEN_XML_COMPACT, lang, WBXML_CHARSET_UTF_8, 0, FALSE};
        return in->tree ? wbxml_tree_to_xml(in->tree, out, out_len, &params) : WBXML_ERROR_BAD_PARAMETER;
    }
    default:
        return WBXML_ERROR_BAD_PARAMETER;
    }
}

static void run(Conv conv, WBXMLLanguage lang, double min_cpu, int *ids, int n) {
    unsigned long long messages = 0, failed = 0, bytes_in = 0, bytes_out = 0;
    double w0 = wall_now(), c0 = cpu_now(), cpu = 0;
    do {
        for (int k = 0; k < n; k++) {
            Input *in = &inputs[ids[k]];
            WB_UTINY *out;
            WB_ULONG out_len;
            WBXMLTree *tree;
            if (convert(conv, lang, in, &out, &out_len, &tree) == WBXML_OK) {
                messages++;
                bytes_in += in->len;
                bytes_out += out_len;
            } else {
                failed++;
            }
            if (out) free(out);
            if (tree) wbxml_tree_destroy(tree);
        }
        cpu = cpu_now() - c0;
    } while (cpu < min_cpu);
    printf("{\"messages\":%llu,\"failed\":%llu,\"bytesIn\":%llu,\"bytesOut\":%llu,\"wall\":%.9f,\"cpu\":%.9f}\n", messages, failed,
           bytes_in, bytes_out, wall_now() - w0, cpu);
}

static int serve(void) {
    char line[1 << 16];
    setvbuf(stdout, NULL, _IOLBF, 0);
    while (fgets(line, sizeof line, stdin)) {
        char *argv[MAX_INPUTS + 8];
        int argc = 0;
        for (char *tok = strtok(line, " \t\r\n"); tok && argc < MAX_INPUTS + 8; tok = strtok(NULL, " \t\r\n")) argv[argc++] = tok;
        if (argc == 0) continue;
        if (strcmp(argv[0], "quit") == 0) break;
        if (strcmp(argv[0], "load") == 0 && argc == 2) {
            if (input_count >= MAX_INPUTS || !read_file(argv[1], &inputs[input_count])) {
                printf("{\"error\":\"cannot load %s\"}\n", argv[1]);
                continue;
            }
            printf("{\"id\":%d}\n", input_count++);
        } else if (strcmp(argv[0], "tree") == 0 && argc == 3) {
            Input *in = &inputs[atoi(argv[1])];
            if (in->tree) wbxml_tree_destroy(in->tree);
            in->tree = NULL;
            WBXMLError e = wbxml_tree_from_wbxml(in->data, (WB_ULONG)in->len, lang_of(argv[2]), WBXML_CHARSET_UNKNOWN, &in->tree);
            if (e == WBXML_OK) printf("{\"ok\":true}\n");
            else printf("{\"error\":\"%s\"}\n", (const char *)wbxml_errors_string(e));
        } else if (strcmp(argv[0], "run") == 0 && argc >= 5) {
            Conv conv = conv_of(argv[1]);
            WBXMLLanguage lang = lang_of(argv[2]);
            converters(lang);
            int ids[MAX_INPUTS];
            int n = 0;
            for (int i = 4; i < argc; i++) ids[n++] = atoi(argv[i]);
            run(conv, lang, atof(argv[3]) / 1000, ids, n);
        } else if (strcmp(argv[0], "save") == 0 && argc == 5) {
            Conv conv = conv_of(argv[1]);
            WBXMLLanguage lang = lang_of(argv[2]);
            converters(lang);
            WB_UTINY *out;
            WB_ULONG out_len;
            WBXMLTree *tree;
            WBXMLError e = convert(conv, lang, &inputs[atoi(argv[3])], &out, &out_len, &tree);
            FILE *f = e == WBXML_OK && out ? fopen(argv[4], "wb") : NULL;
            if (f && fwrite(out, 1, out_len, f) == out_len && fclose(f) == 0) printf("{\"ok\":true}\n");
            else printf("{\"error\":\"%s\"}\n", e == WBXML_OK ? "cannot write the output" : (const char *)wbxml_errors_string(e));
            if (out) free(out);
            if (tree) wbxml_tree_destroy(tree);
        } else {
            printf("{\"error\":\"bad command\"}\n");
        }
    }
    return 0;
}

/*
 * The peak RSS of this process image, from /proc/self/status (VmHWM). Not getrusage's ru_maxrss:
 * that one survives execve, so a harness started by Node would report Node's own peak.
 */
static long peak_rss_kb(void) {
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmHWM:", 6) == 0) kb = atol(line + 6);
    if (f) fclose(f);
    return kb;
}

/* Bytes malloc has handed out: small blocks from the arenas plus large ones it mmap()ed. */
static size_t held_bytes(void) {
    struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd;
}

static int mem(Conv conv, WBXMLLanguage lang, const char *path) {
    Input *in = &inputs[0];
    if (!read_file(path, in)) return 2;
    converters(lang);
    if (conv == T2W || conv == T2X) {
        if (wbxml_tree_from_wbxml(in->data, (WB_ULONG)in->len, lang, WBXML_CHARSET_UNKNOWN, &in->tree) != WBXML_OK) return 2;
    }
    /* Touch the input so that it is resident before the baseline. */
    volatile unsigned sum = 0;
    for (size_t i = 0; i < in->len; i += 4096) sum += in->data[i];
    long rss0 = peak_rss_kb();
    size_t held0 = held_bytes();
    WB_UTINY *out;
    WB_ULONG out_len;
    WBXMLTree *tree;
    if (convert(conv, lang, in, &out, &out_len, &tree) != WBXML_OK) return 1;
    size_t held1 = held_bytes();
    long rss1 = peak_rss_kb();
    printf("{\"peakRssBytes\":%ld,\"retainedBytes\":%ld,\"bytesIn\":%zu}\n", (rss1 - rss0) * 1024, (long)(held1 - held0), in->len);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "serve") == 0) return serve();
    if (argc == 5 && strcmp(argv[1], "mem") == 0 && conv_of(argv[2]) != BAD) return mem(conv_of(argv[2]), lang_of(argv[3]), argv[4]);
    fprintf(stderr, "usage: %s serve\n       %s mem w2x|x2w|w2t|t2w|t2x|x2t CSP11|CSP12|- <file>\n", argv[0], argv[0]);
    return 2;
}
