/* One T5 decoder step on the CPU, for summarizer's "native" backend (engines/t5_native.py).
 *
 * A decoder step with one new token per sequence is bound by memory bandwidth: every step reads
 * every decoder weight and the cross-attention keys/values of the whole input. This file keeps
 * both as int8 and reads each byte once per step:
 *   - projections: int8 weights [out][in] with one scale per output row; each input row is
 *     quantized to int8 with one scale per row (so a sequence's result does not depend on the
 *     others), and dot products accumulate in int32 (AVX-512 VNNI, else AVX2, else plain C);
 *   - cross-attention: keys and values int8 with one scale per (head, source position), used in
 *     float32 arithmetic (queries and attention weights are not quantized); keys transposed in
 *     blocks of T5_BLOCK positions, so scores come out a block at a time with no horizontal sums;
 *   - self-attention cache int8 the same way, head-major, addressed through a per-sequence
 *     history of entries, so beam search reorders sequences by copying entry numbers, never the
 *     cache itself.
 * Heads of 64 dimensions (every published T5) take whole-vector paths; other sizes plain loops.
 * With float32 weights (Mat.q == NULL, Model.cache_int8 == 0) the step runs in float32 with
 * float32 caches, for exact comparisons with the reference implementation.
 *
 * Threads: OpenMP over output rows (projections) and heads (attention) when compiled with it.
 * t5_state_new returns NULL when memory runs out; every other function returns T5_OK or a
 * T5_ERR_* code. Nothing here prints or exits.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#if defined(__AVX2__) || defined(__AVX512F__)
#include <immintrin.h>
#endif
#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VNNI__)
#define T5_VNNI 1
#elif defined(__AVX2__)
#define T5_AVX2 1
#endif

#define T5_OK 0
#define T5_ERR_CAPACITY 2  /* more steps than the state was made for */
#define T5_ERR_ARGUMENT 3
#define T5_ROW_GROUP 4   /* input rows sharing one pass over a weight row */
#define T5_LANES 16      /* independent partial sums in float loops (vectorizable) */
#define T5_INT8_MAX 127.0f
#define T5_BLOCK 64      /* source positions scored together against transposed keys */
#define T5_HEAD_DIM 64   /* the usual d_kv, given a loop of its own */

enum { ACT_RELU = 0, ACT_GELU = 1, ACT_GELU_TANH = 2 };
enum { M_QKV = 0, M_O, M_CROSS_Q, M_CROSS_O, M_WI, M_WO, M_PER_LAYER };
enum { N_SELF = 0, N_CROSS, N_FF, N_PER_LAYER };

typedef struct {
    const int8_t *q;      /* [out][in] int8 weights, or NULL: float32 weights in f */
    const float *scale;   /* [out] dequantization scale of each output row */
    const int32_t *sums;  /* [out] sum of each row's int8 weights (unsigned-input correction) */
    const float *f;       /* [out][in] float32 weights when q is NULL */
    int64_t out, in;
} Mat;

typedef struct {
    int64_t d_model, d_kv, heads, layers, d_ff, vocab;
    int64_t gated;          /* feed-forward wi holds [gate rows; linear rows] */
    int64_t activation;     /* ACT_* */
    int64_t scale_output;   /* multiply the final hidden state by d_model^-0.5 */
    int64_t cache_int8;     /* keep the attention caches (cross and self) as int8 (else float32) */
    double eps;             /* RMS norm epsilon */
    const float *embed;     /* [vocab][d_model] decoder input embedding */
    const float *norms;     /* [layers * N_PER_LAYER + 1][d_model] RMS norm weights, final last */
    const Mat *mats;        /* [layers * M_PER_LAYER + 1] projections, LM head last */
} Model;

typedef struct {
    int64_t rows, source, padded, capacity, step, inner, width;
    int64_t span;                  /* scores per (row, head): max(capacity, source) */
    int8_t *cross_k;               /* [layers][heads][blocks][d_kv][T5_BLOCK] (int8 cache: keys
                                      transposed per block of T5_BLOCK positions, the last padded) */
    int8_t *cross_v;               /* [layers][heads][source][d_kv] */
    float *cross_ks, *cross_vs;    /* [layers][heads][source] scale of each position's key / value */
    float *cross_kf, *cross_vf;    /* [layers][heads][source][d_kv] (float32 cache) */
    /* self-attention cache, head-major so that one head's positions are consecutive rows:
     * entry e (step * rows + row) of head h in layer l is row (l * heads + h) * capacity * rows + e */
    float *self_k, *self_v;        /* [layers][heads][capacity * rows][d_kv] (float32 cache) */
    int8_t *self_k8, *self_v8;     /* [layers][heads][capacity * rows][d_kv] (int8 cache) */
    float *self_ks, *self_vs;      /* [layers][heads][capacity * rows] their scales */
    int32_t *history, *spare;      /* [rows][capacity] entry of each past position */
    float *h, *x, *wide, *ctx, *scores;
    int8_t *xq;                    /* quantized input rows [rows][width] */
    float *xs;                     /* their scales [rows] */
} State;

/* ------------------------------------------------------------------ small helpers */

/* exp for x <= 88 (attention and log-softmax arguments are <= 0): 2^n * p(r), |r| <= ln2/2;
 * written without library calls so loops over it vectorize. Relative error about 2e-7. */
static inline float t5_exp(float x) {
    const float lo = -87.0f;
    x = x < lo ? lo : x;
    float n = nearbyintf(x * 1.44269504088896341f);
    float r = x - n * 0.693145751953125f - n * 1.428606765330187045e-06f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    union { float f; int32_t i; } two;
    two.i = ((int32_t)n + 127) << 23;
    return p * two.f;
}

static float dot_f32(const float *a, const float *b, int64_t n) {
    float acc[T5_LANES] = {0};
    int64_t i = 0;
    for (; i + T5_LANES <= n; i += T5_LANES)
        for (int k = 0; k < T5_LANES; k++) acc[k] += a[i + k] * b[i + k];
    float s = 0.0f;
    for (; i < n; i++) s += a[i] * b[i];
    for (int k = 0; k < T5_LANES; k++) s += acc[k];
    return s;
}

/* Head size 64 (every T5 checkpoint published): whole-vector helpers in GCC/Clang vector types,
 * which compile to AVX-512, AVX2 or SSE as the target allows; one tree sum per dot product. */
typedef float f32x16 __attribute__((vector_size(64)));
typedef float f32x8 __attribute__((vector_size(32)));
typedef float f32x4 __attribute__((vector_size(16)));

static inline f32x16 widen16(const int8_t *p) {
    f32x16 r;
#if defined(__AVX512F__)
    __m512 v = _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *)p)));
    memcpy(&r, &v, sizeof r);
#elif defined(__AVX2__)
    __m256 lo = _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)p)));
    __m256 hi = _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(p + 8))));
    memcpy(&r, &lo, sizeof lo);
    memcpy((char *)&r + sizeof lo, &hi, sizeof hi);
#else
    for (int i = 0; i < 16; i++) r[i] = (float)p[i];
#endif
    return r;
}

static inline f32x16 load16(const float *p) {
    f32x16 v;
    memcpy(&v, p, sizeof v);
    return v;
}

static inline float sum16(f32x16 v) {
    f32x8 a = __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7) + __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15);
    f32x4 b = __builtin_shufflevector(a, a, 0, 1, 2, 3) + __builtin_shufflevector(a, a, 4, 5, 6, 7);
    return (b[0] + b[2]) + (b[1] + b[3]);
}

/* q . k over 64 dimensions, q as four vectors; k int8 or float32. */
static inline float dot64_i8(const f32x16 q[4], const int8_t *k) {
    return sum16(q[0] * widen16(k) + q[1] * widen16(k + 16) + q[2] * widen16(k + 32) + q[3] * widen16(k + 48));
}

static inline float dot64_f32(const f32x16 q[4], const float *k) {
    return sum16(q[0] * load16(k) + q[1] * load16(k + 16) + q[2] * load16(k + 32) + q[3] * load16(k + 48));
}

static float dot_f32_i8(const float *a, const int8_t *b, int64_t n) {
    float acc[T5_LANES] = {0};
    int64_t i = 0;
    for (; i + T5_LANES <= n; i += T5_LANES)
        for (int k = 0; k < T5_LANES; k++) acc[k] += a[i + k] * (float)b[i + k];
    float s = 0.0f;
    for (; i < n; i++) s += a[i] * (float)b[i];
    for (int k = 0; k < T5_LANES; k++) s += acc[k];
    return s;
}

static void rms_norm(const float *x, const float *weight, float *out, int64_t n, double eps) {
    double sq = 0.0;
    for (int64_t i = 0; i < n; i++) sq += (double)x[i] * x[i];
    float inv = (float)(1.0 / sqrt(sq / (double)n + eps));
    for (int64_t i = 0; i < n; i++) out[i] = weight[i] * (x[i] * inv);
}

/* Symmetric int8 of one row: q = round(x / s), s = max|x| / 127 (1 for an all-zero row). */
static float quantize_row(const float *x, int8_t *q, int64_t n) {
    float top = 0.0f;
    for (int64_t i = 0; i < n; i++) {
        float a = fabsf(x[i]);
        top = a > top ? a : top;
    }
    float s = top > 0.0f ? top / T5_INT8_MAX : 1.0f;
    float inv = 1.0f / s;
    for (int64_t i = 0; i < n; i++) {
        float v = nearbyintf(x[i] * inv);
        v = v > T5_INT8_MAX ? T5_INT8_MAX : (v < -T5_INT8_MAX ? -T5_INT8_MAX : v);
        q[i] = (int8_t)v;
    }
    return s;
}

/* ------------------------------------------------------------------ int8 dot products */

/* Dot products of `nr` (<= T5_ROW_GROUP) quantized rows x[r] (stride `stride`) with one int8
 * weight row w of length n, into acc[r]. */
static void dot_i8_rows(const int8_t *x, int64_t stride, int nr, const int8_t *w, int64_t n, int32_t *acc) {
#if defined(T5_VNNI)
    /* vpdpbusd multiplies unsigned by signed bytes: feed x + 128 (x ^ 0x80) and correct with
     * 128 * sum(w) afterwards (mat_apply). */
    const __m512i flip = _mm512_set1_epi8((char)0x80);
    __m512i a[T5_ROW_GROUP];
    for (int r = 0; r < nr; r++) a[r] = _mm512_setzero_si512();
    int64_t i = 0;
    for (; i + 64 <= n; i += 64) {
        __m512i wv = _mm512_loadu_si512((const void *)(w + i));
        for (int r = 0; r < nr; r++) {
            __m512i xv = _mm512_xor_si512(_mm512_loadu_si512((const void *)(x + r * stride + i)), flip);
            a[r] = _mm512_dpbusd_epi32(a[r], xv, wv);
        }
    }
    if (i < n) {
        __mmask64 m = (__mmask64)((~0ULL) >> (64 - (n - i)));
        __m512i wv = _mm512_maskz_loadu_epi8(m, (const void *)(w + i));
        for (int r = 0; r < nr; r++) {
            /* masked-off lanes: x ^ 0x80 = 128 against w = 0, adding nothing */
            __m512i xv = _mm512_xor_si512(_mm512_maskz_loadu_epi8(m, (const void *)(x + r * stride + i)), flip);
            a[r] = _mm512_dpbusd_epi32(a[r], xv, wv);
        }
    }
    for (int r = 0; r < nr; r++) acc[r] = _mm512_reduce_add_epi32(a[r]);
#elif defined(T5_AVX2)
    /* maddubs multiplies unsigned by signed bytes: |x| against w with x's sign (no 16-bit
     * saturation, as |x|, |w| <= 127) */
    const __m256i ones = _mm256_set1_epi16(1);
    __m256i a[T5_ROW_GROUP];
    for (int r = 0; r < nr; r++) a[r] = _mm256_setzero_si256();
    int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        __m256i wv = _mm256_loadu_si256((const __m256i *)(w + i));
        for (int r = 0; r < nr; r++) {
            __m256i xv = _mm256_loadu_si256((const __m256i *)(x + r * stride + i));
            __m256i p = _mm256_maddubs_epi16(_mm256_abs_epi8(xv), _mm256_sign_epi8(wv, xv));
            a[r] = _mm256_add_epi32(a[r], _mm256_madd_epi16(p, ones));
        }
    }
    for (int r = 0; r < nr; r++) {
        __m128i s = _mm_add_epi32(_mm256_castsi256_si128(a[r]), _mm256_extracti128_si256(a[r], 1));
        s = _mm_hadd_epi32(s, s);
        s = _mm_hadd_epi32(s, s);
        int32_t total = _mm_cvtsi128_si32(s);
        for (int64_t j = i; j < n; j++) total += (int32_t)x[r * stride + j] * (int32_t)w[j];
        acc[r] = total;
    }
#else
    for (int r = 0; r < nr; r++) {
        int32_t total = 0;
        for (int64_t j = 0; j < n; j++) total += (int32_t)x[r * stride + j] * (int32_t)w[j];
        acc[r] = total;
    }
#endif
}

/* y[r][o] (+)= sum_i x[r][i] * W[o][i] for r < rows; x float32 [rows][m->in] (stride in),
 * y [rows][y_stride]. int8 weights quantize x first (into s->xq / s->xs). */
static void mat_apply(const Mat *m, const float *x, int64_t rows, float *y, int64_t y_stride, int add, State *s) {
    const int64_t in = m->in, out = m->out;
    if (m->q != NULL) {
        for (int64_t r = 0; r < rows; r++) s->xs[r] = quantize_row(x + r * in, s->xq + r * s->width, in);
#ifdef _OPENMP
#pragma omp parallel for schedule(static)
#endif
        for (int64_t o = 0; o < out; o++) {
            const int8_t *w = m->q + o * in;
            for (int64_t r0 = 0; r0 < rows; r0 += T5_ROW_GROUP) {
                int nr = (int)(rows - r0 < T5_ROW_GROUP ? rows - r0 : T5_ROW_GROUP);
                int32_t acc[T5_ROW_GROUP];
                dot_i8_rows(s->xq + r0 * s->width, s->width, nr, w, in, acc);
                for (int r = 0; r < nr; r++) {
#if defined(T5_VNNI)
                    int32_t total = acc[r] - 128 * m->sums[o];
#else
                    int32_t total = acc[r];
#endif
                    float v = (float)total * m->scale[o] * s->xs[r0 + r];
                    float *dst = y + (r0 + r) * y_stride + o;
                    *dst = add ? *dst + v : v;
                }
            }
        }
    } else {
#ifdef _OPENMP
#pragma omp parallel for schedule(static)
#endif
        for (int64_t o = 0; o < out; o++) {
            for (int64_t r = 0; r < rows; r++) {
                float v = dot_f32(x + r * in, m->f + o * in, in);
                float *dst = y + r * y_stride + o;
                *dst = add ? *dst + v : v;
            }
        }
    }
}

/* ------------------------------------------------------------------ state */

void t5_state_free(State *s) {
    if (s == NULL) return;
    free(s->cross_k); free(s->cross_v); free(s->cross_ks); free(s->cross_vs); free(s->cross_kf); free(s->cross_vf);
    free(s->self_k); free(s->self_v); free(s->self_k8); free(s->self_v8); free(s->self_ks); free(s->self_vs);
    free(s->history); free(s->spare);
    free(s->h); free(s->x); free(s->wide); free(s->ctx); free(s->scores); free(s->xq); free(s->xs);
    free(s);
}

/* A decoding state for `rows` sequences over one input of `source` tokens, for at most
 * `capacity` steps. NULL when memory runs out. */
State *t5_state_new(const Model *m, int64_t rows, int64_t source, int64_t capacity) {
    if (rows < 1 || source < 1 || capacity < 1) return NULL;
    State *s = calloc(1, sizeof(State));
    if (s == NULL) return NULL;
    const int64_t inner = m->heads * m->d_kv;
    const int64_t ff = m->gated ? 2 * m->d_ff : m->d_ff;
    int64_t wide = 3 * inner;
    wide = ff > wide ? ff : wide;
    wide = m->vocab > wide ? m->vocab : wide;
    int64_t width = m->d_model > m->d_ff ? m->d_model : m->d_ff;
    width = inner > width ? inner : width;
    s->rows = rows; s->source = source; s->capacity = capacity; s->inner = inner; s->width = width;
    s->span = capacity > source ? capacity : source;
    s->padded = (source + T5_BLOCK - 1) / T5_BLOCK * T5_BLOCK;
    const size_t cross = (size_t)(m->layers * m->heads * s->padded);
    const size_t cache = (size_t)(m->layers * capacity * rows * inner);
    int cross_ok; /* and, below, the self-attention cache */
    if (m->cache_int8) {
        s->cross_k = calloc(cross * (size_t)m->d_kv, 1);
        s->cross_v = malloc(cross * (size_t)m->d_kv);
        s->cross_ks = malloc(cross * sizeof(float));
        s->cross_vs = malloc(cross * sizeof(float));
        cross_ok = s->cross_k && s->cross_v && s->cross_ks && s->cross_vs;
    } else {
        s->cross_kf = malloc(cross * (size_t)m->d_kv * sizeof(float));
        s->cross_vf = malloc(cross * (size_t)m->d_kv * sizeof(float));
        cross_ok = s->cross_kf && s->cross_vf;
    }
    if (m->cache_int8) {
        const size_t scales = (size_t)(m->layers * capacity * rows * m->heads);
        s->self_k8 = malloc(cache);
        s->self_v8 = malloc(cache);
        s->self_ks = malloc(scales * sizeof(float));
        s->self_vs = malloc(scales * sizeof(float));
        cross_ok = cross_ok && s->self_k8 && s->self_v8 && s->self_ks && s->self_vs;
    } else {
        s->self_k = malloc(cache * sizeof(float));
        s->self_v = malloc(cache * sizeof(float));
        cross_ok = cross_ok && s->self_k && s->self_v;
    }
    s->history = malloc((size_t)(rows * capacity) * sizeof(int32_t));
    s->spare = malloc((size_t)(rows * capacity) * sizeof(int32_t));
    s->h = malloc((size_t)(rows * m->d_model) * sizeof(float));
    s->x = malloc((size_t)(rows * (width > inner ? width : inner)) * sizeof(float));
    s->wide = malloc((size_t)(rows * wide) * sizeof(float));
    s->ctx = malloc((size_t)(rows * inner) * sizeof(float));
    s->scores = malloc((size_t)(rows * m->heads * s->span) * sizeof(float));
    s->xq = malloc((size_t)(rows * width));
    s->xs = malloc((size_t)rows * sizeof(float));
    if (!cross_ok ||
        !s->history || !s->spare || !s->h || !s->x || !s->wide || !s->ctx || !s->scores || !s->xq || !s->xs) {
        t5_state_free(s);
        return NULL;
    }
    return s;
}

/* Store layer `layer`'s cross-attention keys (transposed: [heads][d_kv][source]) and values
 * ([heads][source][d_kv]), float32 from the encoder, as int8 rows per (head, position) or as
 * float32 rows. */
int t5_set_cross(const Model *m, State *s, int64_t layer, const float *key_t, const float *value) {
    if (layer < 0 || layer >= m->layers) return T5_ERR_ARGUMENT;
    const int64_t dk = m->d_kv, src = s->source;
#ifdef _OPENMP
#pragma omp parallel for schedule(static)
#endif
    for (int64_t h = 0; h < m->heads; h++) {
        float row[dk > 0 ? dk : 1];
        for (int64_t j = 0; j < src; j++) {
            const int64_t at = (layer * m->heads + h) * src + j;
            for (int64_t d = 0; d < dk; d++) row[d] = key_t[(h * dk + d) * src + j];
            if (m->cache_int8) {
                int8_t q[dk > 0 ? dk : 1];
                s->cross_ks[at] = quantize_row(row, q, dk);
                int8_t *key = s->cross_k + (layer * m->heads + h) * dk * s->padded + (j / T5_BLOCK) * dk * T5_BLOCK
                              + j % T5_BLOCK;
                for (int64_t d = 0; d < dk; d++) key[d * T5_BLOCK] = q[d];
                s->cross_vs[at] = quantize_row(value + (h * src + j) * dk, s->cross_v + at * dk, dk);
            } else {
                memcpy(s->cross_kf + at * dk, row, (size_t)dk * sizeof(float));
                memcpy(s->cross_vf + at * dk, value + (h * src + j) * dk, (size_t)dk * sizeof(float));
            }
        }
    }
    return T5_OK;
}

/* ------------------------------------------------------------------ attention */

static float max_of(const float *v, int64_t n) {
    float top = v[0];
    for (int64_t i = 1; i < n; i++) top = v[i] > top ? v[i] : top;
    return top;
}

/* v[i] = exp(v[i] - shift) when `store`; returns the sum of those exponentials (in T5_LANES
 * partial sums: vectorizable, and more accurate than one running sum over a vocabulary). */
static float exp_sum(float *v, int64_t n, float shift, int store) {
    float acc[T5_LANES] = {0};
    int64_t i = 0;
    for (; i + T5_LANES <= n; i += T5_LANES)
        for (int k = 0; k < T5_LANES; k++) {
            float e = t5_exp(v[i + k] - shift);
            if (store) v[i + k] = e;
            acc[k] += e;
        }
    float sum = 0.0f;
    for (; i < n; i++) {
        float e = t5_exp(v[i] - shift);
        if (store) v[i] = e;
        sum += e;
    }
    for (int k = 0; k < T5_LANES; k++) sum += acc[k];
    return sum;
}

/* scores[k] = scale[k] * sum_d q[d] * keys[d][k] for k < n (<= T5_BLOCK): one block of source
 * positions against its transposed int8 keys [d_kv][T5_BLOCK] (zero-padded past the source); the
 * loop over k vectorizes, with no horizontal sums. */
static inline void key_block(const float *q, const int8_t *keys, int64_t dk, const float *scale,
                             float *scores, int64_t n) {
    float acc[T5_BLOCK] = {0};
    for (int64_t d = 0; d < dk; d++) {
        const float qd = q[d];
        const int8_t *row = keys + d * T5_BLOCK;
        for (int k = 0; k < T5_BLOCK; k++) acc[k] += qd * (float)row[k];
    }
    for (int64_t k = 0; k < n; k++) scores[k] = acc[k] * scale[k];
}

static void softmax(float *v, int64_t n) {
    float inv = 1.0f / exp_sum(v, n, max_of(v, n), 1);
    for (int64_t i = 0; i < n; i++) v[i] *= inv;
}

/* Self-attention of every row over its history (positions 0..step), queries in s->wide. */
static void self_attention(const Model *m, State *s, int64_t layer, const float *bias) {
    const int64_t dk = m->d_kv, inner = s->inner, total = s->step + 1;
    const int64_t entries = s->capacity * s->rows;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) collapse(2)
#endif
    for (int64_t r = 0; r < s->rows; r++) {
        for (int64_t h = 0; h < m->heads; h++) {
            const float *q = s->wide + r * 3 * inner + h * dk;
            const int32_t *hist = s->history + r * s->capacity;
            float *sc = s->scores + (r * m->heads + h) * s->span;
            float *out = s->ctx + r * inner + h * dk;
            const int64_t first = (layer * m->heads + h) * entries;  /* this head's first cache row */
            /* scores */
            if (dk == T5_HEAD_DIM) {
                const f32x16 qv[4] = {load16(q), load16(q + 16), load16(q + 32), load16(q + 48)};
                for (int64_t j = 0; j < total; j++) {
                    const int64_t e = first + hist[j];
                    sc[j] = (m->cache_int8 ? s->self_ks[e] * dot64_i8(qv, s->self_k8 + e * dk)
                                           : dot64_f32(qv, s->self_k + e * dk)) + bias[h * total + j];
                }
            } else {
                for (int64_t j = 0; j < total; j++) {
                    const int64_t e = first + hist[j];
                    sc[j] = (m->cache_int8 ? s->self_ks[e] * dot_f32_i8(q, s->self_k8 + e * dk, dk)
                                           : dot_f32(q, s->self_k + e * dk, dk)) + bias[h * total + j];
                }
            }
            softmax(sc, total);
            /* weighted values */
            if (dk == T5_HEAD_DIM) {
                f32x16 acc[4] = {{0}, {0}, {0}, {0}};
                for (int64_t j = 0; j < total; j++) {
                    const int64_t e = first + hist[j];
                    if (m->cache_int8) {
                        const float p = sc[j] * s->self_vs[e];
                        const int8_t *v = s->self_v8 + e * dk;
                        for (int c = 0; c < 4; c++) acc[c] += p * widen16(v + 16 * c);
                    } else {
                        const float *v = s->self_v + e * dk;
                        for (int c = 0; c < 4; c++) acc[c] += sc[j] * load16(v + 16 * c);
                    }
                }
                memcpy(out, acc, sizeof acc);
            } else {
                for (int64_t d = 0; d < dk; d++) out[d] = 0.0f;
                for (int64_t j = 0; j < total; j++) {
                    const int64_t e = first + hist[j];
                    if (m->cache_int8) {
                        const float p = sc[j] * s->self_vs[e];
                        const int8_t *v = s->self_v8 + e * dk;
                        for (int64_t d = 0; d < dk; d++) out[d] += p * (float)v[d];
                    } else {
                        const float *v = s->self_v + e * dk;
                        for (int64_t d = 0; d < dk; d++) out[d] += sc[j] * v[d];
                    }
                }
            }
        }
    }
}

/* Store this step's keys and values (in s->wide, after the queries) as cache entry step*rows + r. */
static void store_self(const Model *m, State *s, int64_t layer) {
    const int64_t inner = s->inner, dk = m->d_kv, entries = s->capacity * s->rows;
    for (int64_t r = 0; r < s->rows; r++) {
        const float *k = s->wide + r * 3 * inner + inner, *v = k + inner;
        for (int64_t h = 0; h < m->heads; h++) {
            const int64_t e = (layer * m->heads + h) * entries + s->step * s->rows + r;
            if (m->cache_int8) {
                s->self_ks[e] = quantize_row(k + h * dk, s->self_k8 + e * dk, dk);
                s->self_vs[e] = quantize_row(v + h * dk, s->self_v8 + e * dk, dk);
            } else {
                memcpy(s->self_k + e * dk, k + h * dk, (size_t)dk * sizeof(float));
                memcpy(s->self_v + e * dk, v + h * dk, (size_t)dk * sizeof(float));
            }
        }
    }
}

/* Cross-attention of every row (queries [rows][inner]) over the cache, into out_rows. */
/* Cross-attention of rows r0 .. r0 + nr - 1 (nr <= T5_ROW_GROUP, a constant after inlining) for
 * one head over the int8 cache, head size 64: each block of keys and each value row is widened to
 * float once for all the rows. */
static inline __attribute__((always_inline)) void cross_rows_i8_64(const Model *m, State *s, int64_t layer, int64_t h,
                                                                 const float *queries, float *out_rows, int64_t r0,
                                                                 const int nr) {
    const int64_t inner = s->inner, src = s->source;
    const int64_t base = (layer * m->heads + h) * src;
    const int8_t *keys = s->cross_k + (layer * m->heads + h) * T5_HEAD_DIM * s->padded;
    const int8_t *values = s->cross_v + base * T5_HEAD_DIM;
    const float *ks = s->cross_ks + base, *vs = s->cross_vs + base;
    float *sc[T5_ROW_GROUP];
    const float *q[T5_ROW_GROUP];
    for (int r = 0; r < nr; r++) {
        sc[r] = s->scores + ((r0 + r) * m->heads + h) * s->span;
        q[r] = queries + (r0 + r) * inner + h * T5_HEAD_DIM;
    }
    for (int64_t j0 = 0; j0 < src; j0 += T5_BLOCK) {
        f32x16 acc[T5_ROW_GROUP][4];
        memset(acc, 0, sizeof acc);
        const int8_t *block = keys + j0 * T5_HEAD_DIM;
        for (int d = 0; d < T5_HEAD_DIM; d++) {
            const int8_t *row = block + d * T5_BLOCK;
            const f32x16 k0 = widen16(row), k1 = widen16(row + 16), k2 = widen16(row + 32), k3 = widen16(row + 48);
            for (int r = 0; r < nr; r++) {
                const float qd = q[r][d];
                acc[r][0] += qd * k0;
                acc[r][1] += qd * k1;
                acc[r][2] += qd * k2;
                acc[r][3] += qd * k3;
            }
        }
        const int64_t n = src - j0 < T5_BLOCK ? src - j0 : T5_BLOCK;
        for (int r = 0; r < nr; r++) {
            float block_scores[T5_BLOCK];
            memcpy(block_scores, acc[r], sizeof block_scores);
            for (int64_t k = 0; k < n; k++) sc[r][j0 + k] = block_scores[k] * ks[j0 + k];
        }
    }
    for (int r = 0; r < nr; r++) softmax(sc[r], src);
    f32x16 out[T5_ROW_GROUP][4];
    memset(out, 0, sizeof out);
    for (int64_t j = 0; j < src; j++) {
        const int8_t *v = values + j * T5_HEAD_DIM;
        const f32x16 v0 = widen16(v), v1 = widen16(v + 16), v2 = widen16(v + 32), v3 = widen16(v + 48);
        for (int r = 0; r < nr; r++) {
            const float p = sc[r][j] * vs[j];
            out[r][0] += p * v0;
            out[r][1] += p * v1;
            out[r][2] += p * v2;
            out[r][3] += p * v3;
        }
    }
    for (int r = 0; r < nr; r++) memcpy(out_rows + (r0 + r) * inner + h * T5_HEAD_DIM, out[r], sizeof out[r]);
}

static void cross_attention(const Model *m, State *s, int64_t layer, const float *queries, float *out_rows) {
    const int64_t dk = m->d_kv, inner = s->inner, src = s->source;
#ifdef _OPENMP
#pragma omp parallel for schedule(static)
#endif
    for (int64_t h = 0; h < m->heads; h++) {
        if (m->cache_int8 && dk == T5_HEAD_DIM) {
            for (int64_t r0 = 0; r0 < s->rows; r0 += T5_ROW_GROUP) {
                switch (s->rows - r0 < T5_ROW_GROUP ? s->rows - r0 : T5_ROW_GROUP) {
                case 1: cross_rows_i8_64(m, s, layer, h, queries, out_rows, r0, 1); break;
                case 2: cross_rows_i8_64(m, s, layer, h, queries, out_rows, r0, 2); break;
                case 3: cross_rows_i8_64(m, s, layer, h, queries, out_rows, r0, 3); break;
                default: cross_rows_i8_64(m, s, layer, h, queries, out_rows, r0, 4); break;
                }
            }
            continue;
        }
        const int64_t base = (layer * m->heads + h) * src;
        for (int64_t r = 0; r < s->rows; r++) {
            const float *q = queries + r * inner + h * dk;
            float *sc = s->scores + (r * m->heads + h) * s->span;
            float acc[dk > 0 ? dk : 1];
            for (int64_t d = 0; d < dk; d++) acc[d] = 0.0f;
            if (m->cache_int8) {
                const int8_t *keys = s->cross_k + (layer * m->heads + h) * dk * s->padded;
                const int8_t *values = s->cross_v + base * dk;
                const float *ks = s->cross_ks + base, *vs = s->cross_vs + base;
                for (int64_t j0 = 0; j0 < src; j0 += T5_BLOCK)
                    key_block(q, keys + j0 * dk, dk, ks + j0, sc + j0, src - j0 < T5_BLOCK ? src - j0 : T5_BLOCK);
                softmax(sc, src);
                for (int64_t j = 0; j < src; j++) {
                    const float p = sc[j] * vs[j];
                    const int8_t *v = values + j * dk;
                    for (int64_t d = 0; d < dk; d++) acc[d] += p * (float)v[d];
                }
            } else {
                const float *keys = s->cross_kf + base * dk, *values = s->cross_vf + base * dk;
                for (int64_t j = 0; j < src; j++) sc[j] = dot_f32(q, keys + j * dk, dk);
                softmax(sc, src);
                for (int64_t j = 0; j < src; j++) {
                    const float p = sc[j];
                    const float *v = values + j * dk;
                    for (int64_t d = 0; d < dk; d++) acc[d] += p * v[d];
                }
            }
            float *out = out_rows + r * inner + h * dk;
            for (int64_t d = 0; d < dk; d++) out[d] = acc[d];
        }
    }
}

static float activate(float v, int64_t kind) {
    if (kind == ACT_RELU) return v > 0.0f ? v : 0.0f;
    if (kind == ACT_GELU) return 0.5f * v * (1.0f + erff(v * 0.70710678118654752f));
    return 0.5f * v * (1.0f + tanhf(0.79788456080286536f * (v + 0.044715f * v * v * v)));
}

/* ------------------------------------------------------------------ the step */

/* One decoder step: `tokens[r]` is row r's last token; `source_rows` (NULL: identity) names the
 * row of the previous step each row continues; `bias` is the self-attention position bias
 * [heads][step + 1]. Writes log-probabilities [rows][vocab] to `log_probs`. */
int t5_step(const Model *m, State *s, const int64_t *tokens, const int64_t *source_rows, const float *bias,
            float *log_probs) {
    const int64_t rows = s->rows, dm = m->d_model, inner = s->inner, t = s->step;
    if (t >= s->capacity) return T5_ERR_CAPACITY;
    for (int64_t r = 0; r < rows; r++) {
        if (tokens[r] < 0 || tokens[r] >= m->vocab) return T5_ERR_ARGUMENT;
        if (source_rows != NULL && (source_rows[r] < 0 || source_rows[r] >= rows)) return T5_ERR_ARGUMENT;
    }
    if (source_rows != NULL && t > 0) {
        for (int64_t r = 0; r < rows; r++)
            memcpy(s->spare + r * s->capacity, s->history + source_rows[r] * s->capacity, (size_t)t * sizeof(int32_t));
        int32_t *swap = s->history; s->history = s->spare; s->spare = swap;
    }
    for (int64_t r = 0; r < rows; r++) {
        memcpy(s->h + r * dm, m->embed + tokens[r] * dm, (size_t)dm * sizeof(float));
        s->history[r * s->capacity + t] = (int32_t)(t * rows + r);
    }
    for (int64_t layer = 0; layer < m->layers; layer++) {
        const Mat *mats = m->mats + layer * M_PER_LAYER;
        const float *norms = m->norms + layer * N_PER_LAYER * dm;
        /* self-attention */
        for (int64_t r = 0; r < rows; r++) rms_norm(s->h + r * dm, norms + N_SELF * dm, s->x + r * dm, dm, m->eps);
        mat_apply(&mats[M_QKV], s->x, rows, s->wide, 3 * inner, 0, s);
        store_self(m, s, layer);
        self_attention(m, s, layer, bias);
        mat_apply(&mats[M_O], s->ctx, rows, s->h, dm, 1, s);
        /* cross-attention */
        for (int64_t r = 0; r < rows; r++) rms_norm(s->h + r * dm, norms + N_CROSS * dm, s->x + r * dm, dm, m->eps);
        mat_apply(&mats[M_CROSS_Q], s->x, rows, s->wide, inner, 0, s);
        cross_attention(m, s, layer, s->wide, s->ctx);
        mat_apply(&mats[M_CROSS_O], s->ctx, rows, s->h, dm, 1, s);
        /* feed-forward */
        for (int64_t r = 0; r < rows; r++) rms_norm(s->h + r * dm, norms + N_FF * dm, s->x + r * dm, dm, m->eps);
        const int64_t ff = m->d_ff, width = m->gated ? 2 * ff : ff;
        mat_apply(&mats[M_WI], s->x, rows, s->wide, width, 0, s);
        for (int64_t r = 0; r < rows; r++) {
            float *hidden = s->wide + r * width, *dst = s->x + r * ff;
            for (int64_t i = 0; i < ff; i++) {
                float a = activate(hidden[i], m->activation);
                dst[i] = m->gated ? a * hidden[ff + i] : a;
            }
        }
        mat_apply(&mats[M_WO], s->x, rows, s->h, dm, 1, s);
    }
    const float out_scale = m->scale_output ? (float)(1.0 / sqrt((double)dm)) : 1.0f;
    for (int64_t r = 0; r < rows; r++) {
        rms_norm(s->h + r * dm, m->norms + m->layers * N_PER_LAYER * dm, s->x + r * dm, dm, m->eps);
        for (int64_t i = 0; i < dm; i++) s->x[r * dm + i] *= out_scale;
    }
    const int64_t vocab = m->vocab;
    mat_apply(&m->mats[m->layers * M_PER_LAYER], s->x, rows, log_probs, vocab, 0, s);
    for (int64_t r = 0; r < rows; r++) {
        float *row = log_probs + r * vocab;
        const float top = max_of(row, vocab);
        const float shift = top + logf(exp_sum(row, vocab, top, 0));
        for (int64_t i = 0; i < vocab; i++) row[i] -= shift;
    }
    s->step = t + 1;
    return T5_OK;
}

/* Threads used by the parallel loops (OpenMP); 0 when compiled without OpenMP. */
int t5_threads(int n) {
#ifdef _OPENMP
    if (n > 0) omp_set_num_threads(n);
    return omp_get_max_threads();
#else
    (void)n;
    return 0;
#endif
}

/* Which int8 kernel this build uses: 2 AVX-512 VNNI, 1 AVX2, 0 plain C. */
int t5_kernel(void) {
#if defined(T5_VNNI)
    return 2;
#elif defined(T5_AVX2)
    return 1;
#else
    return 0;
#endif
}
