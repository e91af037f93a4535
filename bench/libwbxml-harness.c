/*
 * libwbxml in-process, for the codec benchmark (bench/codec.ts compiles this at bench time
 * against libwbxml2-dev; no binary is committed). It loads every input file into memory, then
 * converts them all, `iterations` times, with one converter object per direction, and prints
 * one JSON line: messages converted, input and output bytes, elapsed seconds, failures, peak RSS.
 *
 *   libwbxml-harness w2x CSP11|CSP12 <iterations> <file.wbxml>...
 *   libwbxml-harness x2w - <iterations> <file.xml>...      (language from each file's DOCTYPE)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <wbxml/wbxml.h>

typedef struct {
    unsigned char *data;
    size_t len;
} Blob;

static Blob read_file(const char *path) {
    Blob b = {NULL, 0};
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); exit(2); }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    b.data = malloc((size_t)n + 1);
    if (!b.data || fread(b.data, 1, (size_t)n, f) != (size_t)n) { fprintf(stderr, "read %s failed\n", path); exit(2); }
    b.data[n] = 0; /* xml2wbxml wants a C string */
    b.len = (size_t)n;
    fclose(f);
    return b;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: %s w2x CSP11|CSP12|- <iterations> <files>...\n       %s x2w - <iterations> <files>...\n", argv[0], argv[0]);
        return 2;
    }
    int w2x = strcmp(argv[1], "w2x") == 0;
    WBXMLLanguage lang = strcmp(argv[2], "CSP11") == 0 ? WBXML_LANG_WV_CSP11 : strcmp(argv[2], "CSP12") == 0 ? WBXML_LANG_WV_CSP12 : WBXML_LANG_UNKNOWN;
    long iterations = atol(argv[3]);
    int count = argc - 4;
    Blob *inputs = calloc((size_t)count, sizeof(Blob));
    for (int i = 0; i < count; i++) inputs[i] = read_file(argv[4 + i]);

    WBXMLConvWBXML2XML *to_xml = NULL;
    WBXMLConvXML2WBXML *to_wbxml = NULL;
    if (w2x) {
        if (wbxml_conv_wbxml2xml_create(&to_xml) != WBXML_OK) return 2;
        wbxml_conv_wbxml2xml_set_gen_type(to_xml, WBXML_GEN_XML_COMPACT);
        if (lang != WBXML_LANG_UNKNOWN) wbxml_conv_wbxml2xml_set_language(to_xml, lang);
    } else {
        if (wbxml_conv_xml2wbxml_create(&to_wbxml) != WBXML_OK) return 2;
    }

    unsigned long long bytes_in = 0, bytes_out = 0, converted = 0, failed = 0;
    double t0 = now();
    for (long it = 0; it < iterations; it++) {
        for (int i = 0; i < count; i++) {
            WB_UTINY *out = NULL;
            WB_ULONG out_len = 0;
            WBXMLError err = w2x ? wbxml_conv_wbxml2xml_run(to_xml, inputs[i].data, (WB_ULONG)inputs[i].len, &out, &out_len)
                                 : wbxml_conv_xml2wbxml_run(to_wbxml, inputs[i].data, (WB_ULONG)inputs[i].len, &out, &out_len);
            if (err == WBXML_OK) {
                converted++;
                bytes_in += inputs[i].len;
                bytes_out += out_len;
            } else {
                failed++;
            }
            free(out);
        }
    }
    double seconds = now() - t0;
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    printf("{\"messages\":%llu,\"failed\":%llu,\"bytesIn\":%llu,\"bytesOut\":%llu,\"seconds\":%.6f,\"maxRssKb\":%ld}\n", converted, failed, bytes_in, bytes_out, seconds, usage.ru_maxrss);
    if (to_xml) wbxml_conv_wbxml2xml_destroy(to_xml);
    if (to_wbxml) wbxml_conv_xml2wbxml_destroy(to_wbxml);
    return 0;
}
