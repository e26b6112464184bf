"""
Repeated characters and words that are slips, not reduplication (rep.char, rep.word).

rep.char: a function word written twice (的的, 了了, 是是, 在在, ...). Only the characters in WORDS_AROUND
are checked, which do not reduplicate in standard Chinese; 了了 in 为了了解 or 是是 in 实事求是是 are two
words meeting, recognised from the word the first character ends or the second one starts. Content characters
that reduplicate (看看, 常常, 天天, 人人, ... LEGITIMATE) are never flagged.
rep.word: a word of two or three characters written twice running (我市我市, 海南区海南区), except the verbs
and adjectives that reduplicate as ABAB (研究研究, 雪白雪白) and counted phrases (一个一个, 一步一步).
"""

import re

from .base import CJK, Finding

# For each checked character: words it ends (so that word + the character is no slip) and words it starts.
WORDS_AROUND = {
    "的": ("目的 标的 之的", "的确 的士"),
    "了": ("", "了解 了结 了却 了如 了不 了得 了然 了之 了断 了事 了当 了望"),
    "是": (
        (
            "但是 就是 还是 总是 可是 于是 只是 要是 凡是 正是 便是 "
            "硬是 倒是 真是 若是 老是 求是 算是 像是 或是 而是 不是 即是"
        ),
        "是否 是非",
    ),
    "在": (
        "存在 现在 实在 正在 自在 所在 好在 内在 潜在 外在 旨在 意在 贵在 重在 难在 妙在",
        "在线 在职 在场 在校 在建 在岗 在内 在于 在乎 在即 在读",
    ),
    "和": (
        "平和 温和 调和 缓和 柔和 饱和 共和 祥和 随和 谦和 总和 人和 讲和 附和 暖和",
        "和谐 和平 和睦 和美 和气 和蔼 和解 和约 和煦 和顺 和善",
    ),
    "与": ("参与 给与 赋与 授与 相与", "与会 与其 与否 与时"),
    "及": ("以及 涉及 普及 危及 波及 顾及 不及 论及 提及 惠及 触及 殃及 企及 累及 来及", "及时 及早 及格 及其"),
    "对": (
        "针对 面对 应对 相对 绝对 反对 核对 比对 查对 校对 一对 成对 配对 作对 敌对",
        "对接 对象 对待 对照 对比 对话 对口 对手 对方 对策 对外 对于 对应 对标",
    ),
    "把": ("一把 拖把 火把", "把握 把关 把脉"),
    "被": ("棉被", "被子 被告 被动 被迫"),
    "将": ("即将 必将 终将 行将 老将 大将 猛将 名将 干将 主将 战将 小将 健将", "将军 将来 将近 将领 将士"),
    "从": ("服从 听从 随从 自从 无从 盲从 遵从 顺从", "从事 从业 从严 从而 从来 从前 从小 从此 从容 从速"),
    "为": (
        ("作为 认为 成为 因为 行为 以为 视为 称为 更为 较为 极为 最为 大为 颇为 甚为 尤为 广为 人为 有为 难为"),
        "为人 为民 为期 为止 为主 为首 为此 为重 为准 为由 为例 为宜 为难 为伍 为了 为何 为政",
    ),
    "而": ("从而 因而 进而 然而 反而 继而 故而 时而", "而且 而是 而言 而后 而今 而已"),
    "并": ("合并 兼并 吞并", "并且 并购 并非 并不 并列 并行 并存 并重 并举 并肩"),
    "也": ("", ""),
    "就": ("成就 造就 迁就 将就 早就", "就业 就医 就学 就餐 就近 就地 就是 就此 就诊 就职 就任 就读 就绪"),
    "都": ("首都 古都 国都 建都 定都 成都 京都", "都市 都会"),
    "还": ("归还 偿还 退还 送还 交还 返还 奉还 生还", "还款 还原 还贷 还是 还有 还要 还在 还需"),
    "我": ("自我 忘我 你我", "我市 我区 我国 我们 我省 我校 我局"),
    "其": ("尤其 极其 与其 何其 土耳其", "其中 其他 其实 其余 其次 其间 其它"),
    "之": ("总之 反之 随之 加之 久而久之 言之", "之后 之前 之间 之中 之外 之内 之一 之所以"),
    "以": (
        "可以 所以 得以 予以 加以 难以 足以 借以 用以 赖以 据以",
        "以来 以后 以前 以上 以下 以内 以外 以及 以便 以免 以为 以往 以此",
    ),
    "由": ("理由 自由 缘由 事由 因由", "由于 由此 由衷"),
    "所": ("场所 处所 住所 厕所 研究所 事务所 诊所 哨所 会所 寓所 院所", "所有 所以 所在 所属 所得 所谓"),
    "着": (
        "随着 接着 跟着 沿着 朝着 向着 顺着 本着 有着 照着 看着",
        "着力 着眼 着手 着重 着实 着想 着陆 着装 着落",
    ),
    "过": (
        "通过 经过 超过 不过 度过 错过 难过 越过 路过 透过 胜过 放过",
        "过程 过去 过年 过度 过于 过渡 过硬 过往 过节 过问 过失 过量",
    ),
    "要": (
        ("主要 需要 重要 只要 必要 纪要 提要 摘要 首要 紧要 扼要 简要 概要 想要 就要 将要 快要 还要 不要 总要 正要"),
        "要求 要素 要点 要害 要闻 要是 要么 要务 要领",
    ),
}
ENDS = {c: set(ends.split()) for c, (ends, _) in WORDS_AROUND.items()}
STARTS = {c: set(starts.split()) for c, (_, starts) in WORDS_AROUND.items()}
IDIOMS = ("的的确确", "是是非非", "不了了之", "了了分明", "实实在在", "由由")


def words(listed):
    return set(listed.split())


LEGITIMATE = words(
    """看看 试试 常常 天天 人人 渐渐 谢谢 星星 妈妈 爸爸 宝宝 哥哥 姐姐 弟弟 妹妹 刚刚 仅仅 稍稍 默默 纷纷
    往往 偏偏 处处 年年 一一 明明 轻轻 慢慢 好好 大大 多多 久久 紧紧 深深 高高 想想 听听 走走 说说 谈谈
    问问 等等 个个 事事 家家 户户 村村 条条 步步 层层 节节 时时 刻刻 代代 世世 样样 件件 点点 滴滴 匆匆
    悄悄 早早 满满 足足 静静 淡淡 细细 缓缓 徐徐 连连 频频 屡屡 累累 统统 通通 微微 隐隐 暗暗 区区 寥寥
    草草 爷爷 奶奶 叔叔 伯伯 舅舅 婆婆 娃娃 熊熊 滚滚 源源 欣欣 蒸蒸 井井 津津 孜孜 谆谆 兢兢 勃勃 赫赫
    历历 念念 依依 翩翩 莘莘 芸芸 郁郁 绵绵 浩浩 荡荡 密密 麻麻 家家户户"""
)
ABAB = words(
    """研究 讨论 学习 休息 商量 考虑 活动 打扫 锻炼 收拾 检查 整理 介绍 了解 体验 琢磨 打听 比划 溜达 尝试
    练习 交流 雪白 通红 冰凉 笔直 火红 碧绿 漆黑 滚烫 蜡黄 金黄 乌黑 雪亮"""
)

REPEATED_CHAR = re.compile("([" + "".join(WORDS_AROUND) + "])\\1")
REPEATED_WORD = re.compile(f"([{CJK}]{{2,3}})\\1")


def find(text, context, kind):
    for m in REPEATED_CHAR.finditer(text):
        s, c = m.start(), m.group(1)
        if any(text.startswith(idiom, s - idiom.index(c * 2)) for idiom in IDIOMS if c * 2 in idiom):
            continue
        if any(text.endswith(word, 0, s + 1) for word in ENDS[c]):
            continue
        if any(text.startswith(word, s + 1) for word in STARTS[c]):
            continue
        yield Finding("rep.char", "repeats", f"“{c}”字重复", s, s + 2, c + c, c)
    for m in REPEATED_WORD.finditer(text):
        word = m.group(1)
        if word[0] == word[1] or word in ABAB or word[0] == "一" or m.group() in LEGITIMATE:
            continue
        yield Finding("rep.word", "repeats", f"“{word}”重复", m.start(), m.end(), m.group(), word)
