/* video-module.c - the module of every FFmpeg call (video-module.h): a series' maps as an MP4
 * (H.264) or a WebM (VP9) video, one frame per date.
 *
 * Each map is one frame: the stream's time base is the frame's time (800 ms: 1.25 frames a
 * second), so a player shows each date for that long and a frame count is a date count. The
 * last frame may last longer: its packet's duration says so (the container's last sample).
 * Frames are converted from RGB to 4:2:0 Y'CbCr with the BT.709 matrix, limited range, and the
 * stream is tagged so, which is what players assume of HD video and what they are told of
 * smaller sizes. MP4 files have their index (the moov atom) first (+faststart): a slide show
 * or a web page plays them before they are whole.
 *
 * FFmpeg's log goes nowhere (the library never prints): the last error it logs is kept and
 * ends the message of a failure. */
#include "video-module.h"

#include <gmodule.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>

static GQuark video_error;
static gint video_code;

/* The last error FFmpeg logged, from any thread. */
G_LOCK_DEFINE_STATIC(last_log);
static char last_log[256];

struct FlVideoEncoder {
  char *path;               /* the output's name, for messages */
  AVFormatContext *format;
  AVCodecContext *codec;
  AVStream *stream;
  struct SwsContext *scale;
  AVFrame *frame;
  AVPacket *packet;
  GArray *durations;        /* gint64 per frame, in frames: by pts, which counts frames */
  gint64 next_pts;
};

static void
log_callback(void *context, int level, const char *format, va_list args)
{
  char line[sizeof last_log];
  int prefix = 1;

  if (level > AV_LOG_ERROR)
    return;
  av_log_format_line2(context, level, format, args, line, sizeof line, &prefix);
  g_strstrip(line);
  if (!line[0])
    return;
  G_LOCK(last_log);
  g_strlcpy(last_log, line, sizeof last_log);
  G_UNLOCK(last_log);
}

/* Sets error: "PATH: cannot write the video: REASON, WHILE[; FFmpeg: ITS LAST LOG LINE]". */
static void
set_error(GError **error, const char *path, const char *while_doing, int code)
{
  char reason[AV_ERROR_MAX_STRING_SIZE] = "failed";
  char logged[sizeof last_log];

  if (code < 0)
    av_strerror(code, reason, sizeof reason);
  G_LOCK(last_log);
  g_strlcpy(logged, last_log, sizeof logged);
  last_log[0] = '\0';
  G_UNLOCK(last_log);
  g_set_error(error, video_error, video_code, "%s: cannot write the video: %s, %s%s%s", path,
              reason, while_doing, logged[0] ? "; FFmpeg: " : "", logged);
}

/* The encoder of a container: the first this FFmpeg has of its list. */
static const AVCodec *
find_encoder(FlVideoContainer container)
{
  static const char *const mp4[] = {"libx264", "mpeg4", NULL};
  static const char *const webm[] = {"libvpx-vp9", "libvpx", NULL};
  const char *const *names = container == FL_VIDEO_MP4 ? mp4 : webm;

  for (guint i = 0; names[i]; i++) {
    const AVCodec *codec = avcodec_find_encoder_by_name(names[i]);
    if (codec)
      return codec;
  }
  return NULL;
}

static const char *
encoder_name(FlVideoContainer container, const char *path, GError **error)
{
  const AVCodec *codec = find_encoder(container);

  if (codec == NULL) {
    g_set_error(error, video_error, video_code,
                "%s: cannot write the video: this FFmpeg has no %s encoder", path,
                container == FL_VIDEO_MP4 ? "H.264 or MPEG-4" : "VP9 or VP8");
    return NULL;
  }
  return codec->name;
}

/* The encoder's settings: good quality for maps (flat colours, thin lines, text), at a speed
 * that keeps a series' video a small part of its run. */
static void
configure(AVCodecContext *codec, const AVCodec *encoder)
{
  void *settings = codec->priv_data;

  if (g_str_equal(encoder->name, "libx264")) {
    av_opt_set(settings, "preset", "medium", 0);
    av_opt_set(settings, "tune", "stillimage", 0);
    av_opt_set(settings, "crf", "20", 0);
    av_opt_set(settings, "rc-lookahead", "10", 0);   /* 40 frames of 1080p: 150 MB more */
  } else if (g_str_equal(encoder->name, "libvpx-vp9")) {
    codec->bit_rate = 0;   /* constant quality */
    av_opt_set(settings, "crf", "32", 0);
    av_opt_set(settings, "deadline", "good", 0);
    av_opt_set(settings, "cpu-used", "4", 0);
    av_opt_set(settings, "row-mt", "1", 0);
    av_opt_set(settings, "lag-in-frames", "10", 0);
  } else if (g_str_equal(encoder->name, "libvpx")) {
    codec->bit_rate = 4000000;   /* VP8's ceiling for its constant quality */
    av_opt_set(settings, "crf", "8", 0);
    av_opt_set(settings, "deadline", "good", 0);
    av_opt_set(settings, "cpu-used", "4", 0);
  } else {   /* mpeg4 */
    codec->flags |= AV_CODEC_FLAG_QSCALE;
    codec->global_quality = FF_QP2LAMBDA * 3;
  }
}

static gboolean video_close(FlVideoEncoder *video, gboolean ok, GError **error);

static FlVideoEncoder *
video_open(FlVideoContainer container, const char *path, const char *temp_path, int width,
           int height, guint frame_ms, GError **error)
{
  FlVideoEncoder *video = g_new0(FlVideoEncoder, 1);
  const AVCodec *encoder = find_encoder(container);
  AVDictionary *muxer_options = NULL;
  /* "file:" first, so that no name is taken for a protocol; the url is also where +faststart
   * reads the file back from */
  g_autofree char *url = g_strconcat("file:", temp_path, NULL);
  int status;

  g_return_val_if_fail(width % 2 == 0 && height % 2 == 0, NULL);
  video->path = g_strdup(path);
  video->durations = g_array_new(FALSE, FALSE, sizeof(gint64));
  if (encoder == NULL) {
    encoder_name(container, path, error);
    goto fail;
  }
  status = avformat_alloc_output_context2(&video->format, NULL,
                                          container == FL_VIDEO_MP4 ? "mp4" : "webm", url);
  if (status < 0) {
    set_error(error, path, "while making its container", status);
    goto fail;
  }
  video->stream = avformat_new_stream(video->format, NULL);
  video->codec = avcodec_alloc_context3(encoder);
  video->frame = av_frame_alloc();
  video->packet = av_packet_alloc();
  if (!video->stream || !video->codec || !video->frame || !video->packet) {
    set_error(error, path, "while making the encoder", AVERROR(ENOMEM));
    goto fail;
  }
  AVCodecContext *codec = video->codec;
  codec->width = width;
  codec->height = height;
  codec->sample_aspect_ratio = (AVRational){1, 1};
  codec->pix_fmt = AV_PIX_FMT_YUV420P;
  av_reduce(&codec->time_base.num, &codec->time_base.den, frame_ms ? frame_ms : 800, 1000,
            G_MAXINT);
  codec->framerate = av_inv_q(codec->time_base);
  /* a key frame every 30 s or so: each costs as much as 30 frames of a slow front (300 kB at
   * 1080p, where the others take 1 to 10), and a player seeks from the last one */
  codec->gop_size = (int)MAX(1, 30000 / (frame_ms ? frame_ms : 800));
  codec->color_range = AVCOL_RANGE_MPEG;
  codec->colorspace = AVCOL_SPC_BT709;
  codec->color_primaries = AVCOL_PRI_BT709;
  codec->color_trc = AVCOL_TRC_BT709;
  if (video->format->oformat->flags & AVFMT_GLOBALHEADER)
    codec->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  configure(codec, encoder);
  if ((status = avcodec_open2(codec, encoder, NULL)) < 0) {
    g_autofree char *doing = g_strdup_printf("while opening the %s encoder", encoder->name);
    set_error(error, path, doing, status);
    goto fail;
  }
  if ((status = avcodec_parameters_from_context(video->stream->codecpar, codec)) < 0) {
    set_error(error, path, "while making its stream", status);
    goto fail;
  }
  video->stream->time_base = codec->time_base;
  video->stream->avg_frame_rate = codec->framerate;
  video->frame->format = codec->pix_fmt;
  video->frame->width = width;
  video->frame->height = height;
  if ((status = av_frame_get_buffer(video->frame, 0)) < 0) {
    set_error(error, path, "while making a frame", status);
    goto fail;
  }
  video->scale = sws_getContext(width, height, AV_PIX_FMT_0RGB32, width, height,
                                AV_PIX_FMT_YUV420P, SWS_BICUBIC | SWS_ACCURATE_RND, NULL, NULL,
                                NULL);
  if (video->scale == NULL) {
    set_error(error, path, "while making the RGB to YUV conversion", 0);
    goto fail;
  }
  /* RGB in (full range), BT.709 limited range out, as the stream is tagged */
  const int *bt709 = sws_getCoefficients(SWS_CS_ITU709);
  sws_setColorspaceDetails(video->scale, bt709, 1, bt709, 0, 0, 1 << 16, 1 << 16);
  if ((status = avio_open(&video->format->pb, url, AVIO_FLAG_WRITE)) < 0) {
    set_error(error, path, "while opening it", status);
    goto fail;
  }
  if (container == FL_VIDEO_MP4)
    av_dict_set(&muxer_options, "movflags", "+faststart", 0);
  status = avformat_write_header(video->format, &muxer_options);
  av_dict_free(&muxer_options);
  if (status < 0) {
    set_error(error, path, "while writing its header", status);
    goto fail;
  }
  return video;
fail:
  video_close(video, FALSE, NULL);
  return NULL;
}

/* Writes the packets the encoder has ready. */
static gboolean
write_packets(FlVideoEncoder *video, GError **error)
{
  for (;;) {
    int status = avcodec_receive_packet(video->codec, video->packet);
    if (status == AVERROR(EAGAIN) || status == AVERROR_EOF)
      return TRUE;
    if (status < 0) {
      set_error(error, video->path, "while encoding", status);
      return FALSE;
    }
    AVPacket *packet = video->packet;
    if (packet->pts >= 0 && (guint64)packet->pts < video->durations->len)
      packet->duration = g_array_index(video->durations, gint64, packet->pts);
    av_packet_rescale_ts(packet, video->codec->time_base, video->stream->time_base);
    packet->stream_index = video->stream->index;
    status = av_interleaved_write_frame(video->format, packet);   /* takes the packet's data */
    if (status < 0) {
      set_error(error, video->path, "while writing", status);
      return FALSE;
    }
  }
}

static gboolean
video_add(FlVideoEncoder *video, const guint8 *pixels, gsize stride, guint frames,
          GError **error)
{
  const guint8 *planes[1] = {pixels};
  const int strides[1] = {(int)stride};
  int status = av_frame_make_writable(video->frame);

  if (status < 0) {
    set_error(error, video->path, "while making a frame", status);
    return FALSE;
  }
  sws_scale(video->scale, planes, strides, 0, video->codec->height, video->frame->data,
            video->frame->linesize);
  gint64 duration = MAX(frames, 1);
  g_array_append_val(video->durations, duration);
  video->frame->pts = video->next_pts;
  video->next_pts++;   /* pts counts frames; a longer one says so by its packet's duration */
  if ((status = avcodec_send_frame(video->codec, video->frame)) < 0) {
    set_error(error, video->path, "while encoding", status);
    return FALSE;
  }
  return write_packets(video, error);
}

static gboolean
video_close(FlVideoEncoder *video, gboolean ok, GError **error)
{
  int status;

  if (ok) {
    if ((status = avcodec_send_frame(video->codec, NULL)) < 0) {
      set_error(error, video->path, "while encoding", status);
      ok = FALSE;
    }
    ok = ok && write_packets(video, error);
    if (ok && (status = av_write_trailer(video->format)) < 0) {
      set_error(error, video->path, "while finishing it", status);
      ok = FALSE;
    }
    if (ok && video->format->pb->error < 0) {
      set_error(error, video->path, "while writing", video->format->pb->error);
      ok = FALSE;
    }
  }
  if (video->format && video->format->pb && (status = avio_closep(&video->format->pb)) < 0 &&
      ok) {
    set_error(error, video->path, "while closing it", status);
    ok = FALSE;
  }
  avformat_free_context(video->format);
  avcodec_free_context(&video->codec);
  sws_freeContext(video->scale);
  av_frame_free(&video->frame);
  av_packet_free(&video->packet);
  g_array_unref(video->durations);
  g_free(video->path);
  g_free(video);
  return ok;
}

static const FlVideoModule table = {
    .abi = FL_VIDEO_ABI,
    .versions = "libavcodec " AV_STRINGIFY(LIBAVCODEC_VERSION) ", libavformat " AV_STRINGIFY(
        LIBAVFORMAT_VERSION) ", libswscale " AV_STRINGIFY(LIBSWSCALE_VERSION),
    .encoder_name = encoder_name,
    .open = video_open,
    .add = video_add,
    .close = video_close,
};

G_MODULE_EXPORT const FlVideoModule *fl_video_module_table(GQuark domain, gint code);

G_MODULE_EXPORT const FlVideoModule *
fl_video_module_table(GQuark domain, gint code)
{
  video_error = domain;
  video_code = code;
  av_log_set_callback(log_callback);
  return &table;
}
