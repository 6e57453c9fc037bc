"""Build small (or ViT5-base-shaped) T5 models with random weights, for tests and benchmarks.

Real ViT5 weights cannot be downloaded everywhere, so every model code path is exercised on a
model this module builds: a sentencepiece unigram model trained on Vietnamese text (invented
sentences bundled here, or texts the caller gives), wrapped as a T5 tokenizer and saved next to
a randomly initialised ``T5ForConditionalGeneration`` in the same layout as a Hugging Face
checkpoint folder (``config.json``, ``generation_config.json``, ``model.safetensors``,
``tokenizer.json``, ``tokenizer_config.json``, ``spiece.model``).

Vocabulary sizes: the trained sentencepiece model is padded with extra syllable-shaped pieces
(scored below every trained piece) to an exact size, and the tokenizer adds ``extra_ids``
sentinel tokens on top, so ``len(tokenizer) == config.vocab_size``. For ``size="base"`` this
gives ViT5-base's 36096 rows (36000 sentencepiece pieces + 96 sentinels): the tokenizer is
valid for every id the model can emit.

torch, transformers and sentencepiece are imported inside the functions that need them.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

log = logging.getLogger("summarizer.tiny")

SPIECE_FILE = "spiece.model"
PAD_ID, EOS_ID, UNK_ID = 0, 1, 2  # T5's fixed special ids (no BOS)
TRAIN_VOCAB_CAP = 4000  # at most this many pieces come from training; the rest is padding
PAD_PIECE_SCORE_MARGIN = 5.0  # padded pieces score this far below the worst trained piece


@dataclass(frozen=True)
class ModelSize:
    """Shape of a generated model."""

    sp_vocab: int  # sentencepiece pieces (pad, eos, unk included)
    extra_ids: int  # T5 sentinel tokens added by the tokenizer
    d_model: int
    d_ff: int
    d_kv: int
    num_layers: int
    num_decoder_layers: int
    num_heads: int
    feed_forward_proj: str = "relu"  # "relu" (ViT5-base) or "gated-gelu" (ViT5-large)
    tie_word_embeddings: bool = True  # False: an LM head of its own (ViT5-large)

    @property
    def vocab_size(self) -> int:
        return self.sp_vocab + self.extra_ids


SIZES: dict[str, ModelSize] = {
    # a few hundred thousand parameters: builds and runs in a second or two
    "tiny": ModelSize(sp_vocab=600, extra_ids=4, d_model=64, d_ff=128, d_kv=16,
                      num_layers=2, num_decoder_layers=2, num_heads=4),
    # ViT5-base's shape: vocab 36096, d_model 768, 12+12 layers, 12 heads, d_ff 3072, ReLU
    "base": ModelSize(sp_vocab=36000, extra_ids=96, d_model=768, d_ff=3072, d_kv=64,
                      num_layers=12, num_decoder_layers=12, num_heads=12),
    # ViT5-large's shape: vocab 36100, d_model 1024, 24+24 layers, 16 heads, d_ff 2816, gated
    # GELU, an untied LM head (3.5 GB saved)
    "large": ModelSize(sp_vocab=36000, extra_ids=100, d_model=1024, d_ff=2816, d_kv=64,
                       num_layers=24, num_decoder_layers=24, num_heads=16,
                       feed_forward_proj="gated-gelu", tie_word_embeddings=False),
}

# Invented Vietnamese news-style sentences (written for this project) used to train the
# tokenizer when no texts are given.
SAMPLE_TEXTS: tuple[str, ...] = (
    "Sáng nay, Ủy ban nhân dân thành phố Đà Nẵng tổ chức hội nghị tổng kết công tác phòng chống thiên tai năm 2024.",
    "Theo báo cáo, mưa lớn kéo dài ba ngày đã làm ngập hơn 1.200 ngôi nhà ở các huyện ven biển.",
    "Lực lượng cứu hộ đã sơ tán khoảng 3.500 người dân đến nơi an toàn trước khi cơn bão đổ bộ.",
    "Bộ Giáo dục và Đào tạo cho biết kỳ thi tốt nghiệp trung học phổ thông sẽ diễn ra vào cuối tháng sáu.",
    "Năm nay có gần một triệu thí sinh đăng ký dự thi, tăng nhẹ so với năm trước.",
    "Các địa phương được yêu cầu chuẩn bị đầy đủ cơ sở vật chất và bảo đảm an ninh tại các điểm thi.",
    "Giá xăng dầu trong nước giảm lần thứ ba liên tiếp kể từ đầu tháng.",
    "Liên bộ Công Thương và Tài chính quyết định giảm giá xăng RON 95 thêm 450 đồng mỗi lít.",
    "Các chuyên gia dự báo giá nhiên liệu có thể tiếp tục biến động trong quý tới.",
    "Đội tuyển bóng đá Việt Nam giành chiến thắng 2-0 trước đối thủ trong trận đấu tối qua tại sân Mỹ Đình.",
    "Huấn luyện viên trưởng đánh giá cao tinh thần thi đấu của các cầu thủ trẻ.",
    "Hàng nghìn cổ động viên đã có mặt từ sớm để cổ vũ cho đội nhà.",
    "Bệnh viện Bạch Mai vừa đưa vào hoạt động trung tâm cấp cứu mới với 80 giường bệnh.",
    "Trung tâm được trang bị hệ thống máy móc hiện đại nhằm giảm tải cho các khoa khác.",
    "Giám đốc bệnh viện cho biết thời gian chờ khám của người bệnh sẽ được rút ngắn đáng kể.",
    "Thủ tướng Chính phủ chủ trì phiên họp thường kỳ tháng 5 với các bộ, ngành và địa phương.",
    "Phiên họp tập trung thảo luận tình hình kinh tế, xã hội và tiến độ giải ngân vốn đầu tư công.",
    "Tốc độ tăng trưởng kinh tế quý một đạt 5,7%, cao hơn cùng kỳ năm ngoái.",
    "Kim ngạch xuất khẩu nông sản sang thị trường châu Âu tăng mạnh nhờ hiệp định thương mại tự do.",
    "Nhiều doanh nghiệp ở Thành phố Hồ Chí Minh mở rộng sản xuất để đáp ứng các đơn hàng mới.",
    "Người lao động được hỗ trợ đào tạo kỹ năng và nâng cao thu nhập.",
    "Cảnh sát giao thông Hà Nội tăng cường kiểm tra nồng độ cồn vào các dịp cuối tuần.",
    "Trong tuần qua, lực lượng chức năng đã xử phạt hơn 600 trường hợp vi phạm.",
    "Số vụ tai nạn giao thông giảm rõ rệt so với cùng kỳ.",
    "Hai nước nhất trí tăng cường hợp tác trong các lĩnh vực quốc phòng, năng lượng và giáo dục.",
    "Bộ trưởng Ngoại giao hai nước đã ký kết bản ghi nhớ về trao đổi sinh viên.",
    "Chuyến thăm góp phần làm sâu sắc thêm quan hệ đối tác chiến lược toàn diện.",
    "Ông Nguyễn Văn An, Chủ tịch Hội Nông dân tỉnh, cho biết vụ lúa đông xuân được mùa lớn.",
    "Năng suất bình quân đạt 6,8 tấn mỗi héc-ta, giá bán ổn định ở mức cao.",
    "Bà Trần Thị Bình, một nông dân ở xã Phước Hòa, phấn khởi vì thu nhập tăng gần gấp đôi.",
    "Tỉnh Quảng Ninh đón hơn 2 triệu lượt khách du lịch trong sáu tháng đầu năm.",
    "Vịnh Hạ Long tiếp tục là điểm đến hấp dẫn đối với du khách quốc tế.",
    "Ngành du lịch đặt mục tiêu phục hồi hoàn toàn vào cuối năm nay.",
    "Viện Khoa học Công nghệ công bố kết quả nghiên cứu giống lúa chịu mặn mới.",
    "Giống lúa này có thể sinh trưởng tốt ở vùng đồng bằng sông Cửu Long.",
    "Các nhà khoa học kỳ vọng sản lượng sẽ tăng khoảng 15% trong những năm tới.",
    "Ngày 12/3, Quốc hội thông qua luật sửa đổi về đất đai với đa số đại biểu tán thành.",
    "Luật mới có hiệu lực từ ngày 1 tháng 1 năm 2025.",
    "Người dân sẽ được bảo đảm quyền lợi khi nhà nước thu hồi đất.",
    "Công ty cổ phần Hòa Phát báo lãi hơn 3.000 tỷ đồng trong quý hai.",
    "Cổ phiếu ngân hàng dẫn dắt thị trường chứng khoán tăng điểm mạnh trong phiên chiều.",
    "Chỉ số VN-Index đóng cửa ở mức 1.250 điểm, tăng 12 điểm so với phiên trước.",
    "Trời rét đậm, rét hại bao trùm các tỉnh miền núi phía Bắc.",
    "Nhiệt độ thấp nhất tại Sa Pa xuống dưới 3 độ C, có nơi xuất hiện băng giá.",
    "Các trường học cho học sinh nghỉ khi nhiệt độ xuống thấp.",
    "Ông Lê Hoàng Minh được bầu làm Chủ tịch Hội đồng nhân dân tỉnh nhiệm kỳ mới.",
    "Đại biểu cử tri kiến nghị đẩy nhanh tiến độ xây dựng đường cao tốc Bắc - Nam.",
    "Dự án dài hơn 700 km, dự kiến hoàn thành trước năm 2026.",
    "Lễ hội pháo hoa quốc tế thu hút hàng chục nghìn người xem dọc bờ sông Hàn.",
    "Đêm khai mạc có sự tham gia của các đội đến từ Pháp, Ý, Nhật Bản và Việt Nam.",
    "Hội chợ hàng Việt diễn ra trong năm ngày với gần 400 gian hàng.",
    "Người tiêu dùng được giới thiệu nhiều sản phẩm đặc sản của các vùng miền.",
    "Bộ Y tế khuyến cáo người dân tiêm vắc-xin đầy đủ để phòng bệnh sởi cho trẻ em.",
    "Số ca mắc sốt xuất huyết tại các tỉnh phía Nam có xu hướng tăng trong mùa mưa.",
    "Ngành y tế đã triển khai chiến dịch diệt lăng quăng tại các khu dân cư.",
    "Việt - Nga tăng cường hợp tác về khoa học, kỹ thuật và đào tạo nguồn nhân lực.",
    "Tàu cá của ngư dân Quảng Ngãi bị hỏng máy trên biển đã được lai dắt về bờ an toàn.",
    "Mười hai thuyền viên trên tàu đều khỏe mạnh sau khi được đưa vào đất liền.",
    "Ứng dụng trí tuệ nhân tạo giúp các cơ quan nhà nước xử lý hồ sơ nhanh hơn.",
    "Chương trình chuyển đổi số quốc gia đặt mục tiêu đến năm 2030 có 80% dịch vụ công trực tuyến.",
    "“Chúng tôi sẽ làm hết sức mình”, ông nói với phóng viên (ngày 5/9) tại Huế; còn bà ấy hỏi: ai đến?",
    "Ông Phạm Quốc Dũng – Phó Giám đốc Sở – khẳng định: mọi việc đều ổn… nhưng cần theo dõi thêm!",
)

# Pieces used to pad a trained vocabulary to an exact size: syllable-shaped strings.
_ONSETS = ("", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng",
           "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x")
_RHYMES = ("a", "ai", "am", "an", "ang", "anh", "ao", "au", "ay", "ac", "ach", "at", "ăm", "ăn",
           "ăng", "ăc", "ât", "âm", "ân", "âng", "âu", "ây", "e", "em", "en", "eng", "eo", "et",
           "ê", "êm", "ên", "ênh", "êu", "êt", "i", "ia", "im", "in", "inh", "it", "iu", "iên",
           "iêng", "iêt", "o", "oa", "oai", "oan", "oang", "oanh", "oi", "om", "on", "ong", "ot",
           "ô", "ôi", "ôm", "ôn", "ông", "ôt", "ơ", "ơi", "ơm", "ơn", "ơt", "u", "ua", "uân",
           "ui", "um", "un", "ung", "uôi", "uôn", "uông", "uyên", "uy", "ư", "ưa", "ưi", "ưng",
           "ươi", "ươn", "ương", "ươc", "y")
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")  # none, grave, acute, hook, tilde, dot
_BASE_VOWELS = "aăâeêioôơuưy"
_PUNCTUATION = ".,;:!?()[]\"'-–—…“”‘’%/&+="


def _with_tone(rhyme: str, tone: str) -> str:
    """Put a tone mark on the rhyme's main vowel (last marked vowel, else the first vowel)."""
    if not tone:
        return rhyme
    marked = [i for i, ch in enumerate(rhyme) if ch in "ăâêôơư"]
    vowels = [i for i, ch in enumerate(rhyme) if ch in _BASE_VOWELS]
    pos = marked[-1] if marked else vowels[0]
    return unicodedata.normalize("NFC", rhyme[: pos + 1] + tone + rhyme[pos + 1:])


def alphabet_lines() -> list[str]:
    """Every Vietnamese letter (both cases, all tones), digits and common punctuation, so the
    trained tokenizer covers any Vietnamese text without unknown pieces."""
    letters = []
    for vowel in _BASE_VOWELS:
        for tone in _TONES:
            letters.append(unicodedata.normalize("NFC", vowel + tone))
    letters += list("bcdđghklmnpqrstvxfjwz")
    lower = " ".join(letters)
    return [lower, lower.upper(), " ".join("0123456789"), " ".join(_PUNCTUATION)]


def _padding_pieces() -> Iterator[str]:
    for capital in (False, True):
        for onset in _ONSETS:
            for rhyme in _RHYMES:
                for tone in _TONES:
                    syllable = onset + _with_tone(rhyme, tone)
                    if capital:
                        syllable = syllable[:1].upper() + syllable[1:]
                    yield "▁" + syllable
                    yield syllable
    counter = 0
    while True:  # only reached for sizes beyond the syllable inventory
        yield f"▁x{counter}"
        counter += 1


def train_spiece(texts: Iterable[str], out_file: Path, *, vocab_size: int, seed: int = 0) -> int:
    """Train a unigram sentencepiece model with T5's special ids and pad it to ``vocab_size``
    pieces exactly. Returns the number of pieces that came from training."""
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2 as sp_pb2

    lines = [unicodedata.normalize("NFC", " ".join(t.split())) for t in texts]
    lines = [line for line in lines if line] + alphabet_lines()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.txt"
        corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
        prefix = Path(tmp) / "sp"
        spm.set_random_generator_seed(seed)
        spm.SentencePieceTrainer.train(
            input=str(corpus), model_prefix=str(prefix), model_type="unigram",
            vocab_size=min(vocab_size, TRAIN_VOCAB_CAP), hard_vocab_limit=False,
            character_coverage=1.0, pad_id=PAD_ID, eos_id=EOS_ID, unk_id=UNK_ID, bos_id=-1,
            pad_piece="<pad>", eos_piece="</s>", unk_piece="<unk>",
            shuffle_input_sentence=False, num_threads=1,
            minloglevel=2,
        )
        proto = sp_pb2.ModelProto()  # type: ignore[attr-defined]  # generated at import
        proto.ParseFromString(Path(f"{prefix}.model").read_bytes())
    trained = len(proto.pieces)
    if trained > vocab_size:
        raise ValueError(f"sentencepiece produced {trained} pieces, more than the {vocab_size} asked for")
    existing = {p.piece for p in proto.pieces}
    normal = sp_pb2.ModelProto.SentencePiece.NORMAL  # type: ignore[attr-defined]
    worst = min(p.score for p in proto.pieces if p.type == normal)
    pieces = _padding_pieces()
    rank = 0
    while len(proto.pieces) < vocab_size:
        piece = next(pieces)
        if piece in existing:
            continue
        existing.add(piece)
        new = proto.pieces.add()
        new.piece = piece
        new.score = worst - PAD_PIECE_SCORE_MARGIN - rank * 1e-4
        new.type = normal
        rank += 1
    out_file.write_bytes(proto.SerializeToString())
    return trained


def build_model(out_dir: Path, *, size: str | ModelSize = "tiny", texts: Iterable[str] | None = None,
                seed: int = 0) -> Path:
    """Train a tokenizer, build a random-init T5 of ``size`` (a key of ``SIZES``, or a
    :class:`ModelSize`) and save both, Hugging Face style (safetensors), into ``out_dir``.
    Returns ``out_dir``."""
    if isinstance(size, str) and size not in SIZES:
        raise ValueError(f"unknown model size {size!r}; choose one of: {', '.join(SIZES)}")
    shape = SIZES[size] if isinstance(size, str) else size
    import torch
    from transformers import GenerationConfig, T5Config, T5ForConditionalGeneration, T5Tokenizer

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        sp_dir = Path(tmp)
        trained = train_spiece(SAMPLE_TEXTS if texts is None else texts, sp_dir / SPIECE_FILE,
                               vocab_size=shape.sp_vocab, seed=seed)
        # from_pretrained converts the sentencepiece model (needs protobuf); constructing
        # T5Tokenizer(vocab_file=...) directly would silently give a 4-token vocabulary.
        tokenizer = T5Tokenizer.from_pretrained(str(sp_dir), extra_ids=shape.extra_ids)
        if len(tokenizer) != shape.vocab_size:
            raise RuntimeError(f"tokenizer has {len(tokenizer)} tokens, expected {shape.vocab_size}")
        tokenizer.save_pretrained(str(out_dir))
        shutil.copyfile(sp_dir / SPIECE_FILE, out_dir / SPIECE_FILE)
    log.info("tokenizer: %d trained pieces, %d total", trained, len(tokenizer))

    config = T5Config(
        vocab_size=shape.vocab_size, d_model=shape.d_model, d_ff=shape.d_ff, d_kv=shape.d_kv,
        num_layers=shape.num_layers, num_decoder_layers=shape.num_decoder_layers,
        num_heads=shape.num_heads, feed_forward_proj=shape.feed_forward_proj, pad_token_id=PAD_ID,
        eos_token_id=EOS_ID,
    )
    # Not constructor arguments of transformers 5's T5Config (a tie_word_embeddings=False passed
    # there is silently ignored): set as attributes, as ViT5's saved config.json has them.
    config.tie_word_embeddings = shape.tie_word_embeddings
    # T5 before transformers 5 rescaled the decoder output before the LM head only when it was
    # the (tied) embedding; a checkpoint saved then (ViT5-large) carries no such key.
    config.scale_decoder_outputs = shape.tie_word_embeddings
    config.decoder_start_token_id = PAD_ID
    torch.manual_seed(seed)
    model = T5ForConditionalGeneration(config).eval()
    with torch.no_grad():
        # A random T5 with tied embeddings tends to echo its decoder input; with a non-zero
        # <pad> row (the decoder start token) it would echo <pad> forever and decode to "".
        model.get_input_embeddings().weight[PAD_ID].zero_()
        if not shape.tie_word_embeddings:
            # ViT5-large's encoder and decoder read one shared input embedding (only its LM head
            # is its own); transformers 5 makes three separate tables for an untied config.
            for stack in (model.encoder, model.decoder):
                stack.embed_tokens.weight.copy_(model.get_input_embeddings().weight)
    model.generation_config = GenerationConfig(
        decoder_start_token_id=PAD_ID, eos_token_id=EOS_ID, pad_token_id=PAD_ID,
    )
    model.save_pretrained(str(out_dir), safe_serialization=True)
    return out_dir
