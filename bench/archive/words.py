"""
The vocabulary of the generated archive: Wuhai's departments, places and people,
and the phrases a city daily's stories are made of.

Everything here is plain data plus small functions that draw from it with a
`random.Random` they are given, so the same seed always writes the same text.
"""

import random
from decimal import Decimal

from django.utils.html import escape

# (name, slug, topics the department reports on). City bureaus first, then the
# offices of the three districts. The four departments of the demo edition keep
# the demo's names and slugs, so both can live in one database.
CITY_DEPARTMENTS = [
    ("市生态环境局", "shi-shengtai-huanjing-ju", ["主要污染物减排", "黄河流域生态保护", "大气污染防治"]),
    ("市区域经济合作局", "shi-quyu-jingji-hezuo-ju", ["招商引资", "签约项目落地", "区域经济合作"]),
    ("市发展和改革委员会", "shi-fazhan-he-gaige-weiyuanhui", ["重点项目建设", "优化营商环境", "节能降耗"]),
    ("市工业和信息化局", "shi-gongye-he-xinxihua-ju", ["工业转型升级", "煤焦化工产业延链", "数字经济发展"]),
    ("市教育局", "shi-jiaoyu-ju", ["义务教育优质均衡发展", "“双减”政策落实", "校园安全"]),
    ("市科学技术局", "shi-kexue-jishu-ju", ["科技创新", "高新技术企业培育", "科技成果转化"]),
    ("市公安局", "shi-gongan-ju", ["平安乌海建设", "道路交通安全", "电信网络诈骗防范"]),
    ("市民政局", "shi-minzheng-ju", ["养老服务", "社会救助", "社区治理"]),
    ("市司法局", "shi-sifa-ju", ["法治政府建设", "普法宣传", "公共法律服务"]),
    ("市财政局", "shi-caizheng-ju", ["财政资金监管", "减税降费", "预算绩效管理"]),
    ("市人力资源和社会保障局", "shi-renli-ziyuan-he-shehui-baozhang-ju", ["就业创业", "技能人才培养", "社会保险扩面"]),
    ("市自然资源局", "shi-ziran-ziyuan-ju", ["国土空间规划", "矿山地质环境治理", "耕地保护"]),
    ("市住房和城乡建设局", "shi-zhufang-he-chengxiang-jianshe-ju", ["老旧小区改造", "城市更新", "冬季供暖"]),
    ("市交通运输局", "shi-jiaotong-yunshu-ju", ["交通基础设施建设", "城乡公交一体化", "农村牧区公路养护"]),
    ("市水务局", "shi-shuiwu-ju", ["节水型城市建设", "防汛抗旱", "城乡供水保障"]),
    ("市农牧局", "shi-nongmu-ju", ["乡村振兴", "葡萄产业发展", "设施农业"]),
    ("市商务局", "shi-shangwu-ju", ["便民消费圈建设", "外贸稳增长", "夜间经济"]),
    ("市文化旅游体育局", "shi-wenhua-lvyou-tiyu-ju", ["全域旅游", "书法城建设", "全民健身"]),
    ("市卫生健康委员会", "shi-weisheng-jiankang-weiyuanhui", ["医疗卫生服务", "健康乌海建设", "家庭医生签约"]),
    ("市退役军人事务局", "shi-tuiyi-junren-shiwu-ju", ["退役军人就业", "双拥共建", "优抚政策落实"]),
    ("市应急管理局", "shi-yingji-guanli-ju", ["安全生产", "森林草原防火", "应急救援能力建设"]),
    ("市审计局", "shi-shenji-ju", ["审计整改", "政府投资项目审计", "经济责任审计"]),
    ("市市场监督管理局", "shi-shichang-jiandu-guanli-ju", ["食品安全", "市场主体培育", "特种设备安全"]),
    ("市统计局", "shi-tongji-ju", ["经济运行监测", "统计数据质量", "经济普查"]),
    ("市医疗保障局", "shi-yiliao-baozhang-ju", ["医保基金监管", "医保便民服务", "药品集中带量采购"]),
    ("市城市管理综合执法局", "shi-chengshi-guanli-zonghe-zhifa-ju", ["市容环境整治", "垃圾分类", "城市精细化管理"]),
    ("市林业和草原局", "shi-linye-he-caoyuan-ju", ["国土绿化", "荒漠化防治", "湿地保护"]),
    ("市能源局", "shi-nengyuan-ju", ["新能源项目建设", "能源保供", "绿色低碳转型"]),
    (
        "市行政审批和政务服务局",
        "shi-xingzheng-shenpi-he-zhengwu-fuwu-ju",
        ["政务服务“一网通办”", "审批提速", "12345热线"],
    ),
]
DISTRICTS = [("海勃湾区", "haibowan-qu"), ("海南区", "hainan-qu"), ("乌达区", "wuda-qu")]
DISTRICT_OFFICES = [
    ("商务局", "shangwu-ju", ["便民消费圈建设", "商贸流通", "招商引资"]),
    ("教育局", "jiaoyu-ju", ["学前教育普惠发展", "校园安全", "教师队伍建设"]),
    ("民政局", "minzheng-ju", ["社区居家养老", "社会救助", "基层治理"]),
    ("城市管理综合执法局", "chengshi-guanli-zonghe-zhifa-ju", ["流动摊贩治理", "市容环境整治", "背街小巷改造"]),
]

PLACES = [
    "乌海湖",
    "甘德尔山",
    "金沙湾",
    "滨河新区",
    "千里山",
    "黄河海勃湾水利枢纽",
    "凤凰岭街道",
    "新华街道",
    "千钢街道",
    "拉僧庙镇",
    "巴音陶亥镇",
    "五虎山街道",
    "乌达工业园区",
    "海南工业园区",
    "低碳产业园",
    "当代中国书法艺术馆",
    "人民公园",
    "华苑社区",
]

PAGE_NAMES = ["要闻", "要闻", "综合", "经济", "社会", "民生", "文化"]
LAST_PAGE_NAME = "专题"

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
    "余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建文辉力晓红鹏飞玲婷雪宇浩然欣怡佳琪子涵博思睿智轩凯旭东海波宁慧颖"
)

HEADLINES = [
    "我市{topic}工作取得新成效",
    "{district}扎实推进{topic}",
    "{dept_short}召开{topic}工作推进会",
    "{topic}跑出“加速度”",
    "聚焦{topic} 提升群众获得感",
    "{place}：{topic}让群众生活更美好",
    "全力以赴抓好{topic}",
    "以{topic}助推高质量发展",
    "{year}年全市{topic}任务超额完成",
    "多措并举推进{topic}",
    "{topic}按下“快进键”",
    "我市召开{topic}专题会议",
]
SECOND_LINES = [
    "共建高品质美好生活",
    "为高质量发展注入新动能",
    "让群众办事更省心",
    "奋力书写乌海新篇章",
    "绘就黄河岸边新画卷",
    "守护群众幸福安康",
    "全力打好发展主动仗",
]
FIRST_LINES = ["紧扣“三个抓手”", "念好“快”字诀", "织密服务网", "打出“组合拳”", "做实“小切口”", "下足“绣花功”"]
SUBHEADLINES = ["——{dept_short}{topic}工作综述", "——我市{topic}工作纪实", "——{district}{topic}观察"]

OPENINGS = [
    "{year}年以来，{dept}坚持以人民为中心的发展思想，围绕{topic}，细化工作措施，压实工作责任，推动各项任务落地见效。",
    "近日，记者从{dept}获悉，今年以来我市{topic}工作稳步推进，各项指标完成情况好于预期。",
    "{month}月{day}日，{dept}召开{topic}工作推进会，总结前一阶段工作，安排部署下一步重点任务。",
    "为进一步做好{topic}工作，{dept}近日印发实施方案，明确了目标任务、责任分工和时间节点。",
    "走进{place}，{topic}带来的新变化随处可见，群众的获得感、幸福感、安全感不断增强。",
]
FACTS = [
    "截至目前，已累计完成{topic}相关项目{num}个，完成投资{money}亿元，同比增长{pct}%。",
    "{district}结合实际，建立“周调度、月通报、季考核”工作机制，及时协调解决项目推进中遇到的困难和问题。",
    "工作中，{dept}坚持问题导向，深入{place}开展调研{small}次，梳理问题清单{small}项，逐项明确整改措施和完成时限。",
    "通过“线上+线下”相结合的方式，累计服务群众{num}人次，群众满意度达到{share}%。",
    "同时，加强与发改、财政、自然资源等部门的沟通联动，形成上下贯通、左右协同的工作合力。",
    "据了解，{dept}还将在{place}试点推行{topic}新模式，为全市提供可复制、可推广的经验。",
    "在{place}，{small}名志愿者走进社区，为居民提供政策宣讲、健康义诊、法律咨询等服务。",
    "聚焦企业和群众办事的难点堵点，{dept}推出“一窗受理、集成服务”，办事环节压减{pct}%，办理时限压缩至{small}个工作日。",
    "围绕黄河流域生态保护和高质量发展，我市持续推进乌海湖及周边地区生态治理，累计完成造林绿化{num}亩。",
    "项目建成后，预计年产值可达{money}亿元，可带动就业{num}人。",
    "为营造浓厚氛围，{dept}通过悬挂横幅、发放宣传册、开展主题活动等形式，广泛宣传{topic}的重要意义。",
    "活动中，工作人员向过往群众发放宣传资料{num}余份，现场解答群众咨询{small}人次。",
    "今年，{district}计划实施{topic}重点项目{small}个，总投资{money}亿元，目前开工率达{pct}%。",
    "针对群众反映强烈的突出问题，{dept}建立问题台账，实行销号管理，做到件件有落实、事事有回音。",
    "记者在{place}看到，施工人员正抢抓工期加紧作业，现场一派繁忙景象。",
    "“{quote}”{speaker}说。",
    "{month}月份以来，{district}已组织开展专项检查{small}次，排查整改各类隐患{num}处。",
    "下一步，{dept}将持续巩固拓展工作成果，以更实举措推动{topic}再上新台阶。",
    "{dept}主要负责同志多次深入一线督导检查，现场协调解决实际问题{small}个。",
    "为破解要素保障难题，我市设立专项资金{money2}亿元，重点支持{topic}等领域建设。",
    "在推进过程中，{district}注重发挥基层党组织战斗堡垒作用，组织党员干部下沉一线，包联服务{num}户。",
    "据统计，{year}年全市一般公共预算收入完成{money}亿元，同比增长{pct}%。",
    "与此同时，{dept}组织业务骨干开展培训{small}场次，参训人员{num}人次，干部队伍能力素质明显提升。",
    "目前，{place}周边的道路、管网、绿化等配套设施已基本完工，预计{month}月底全面投入使用。",
    "{district}将{topic}纳入年度重点工作，实行清单化管理、项目化推进、责任化落实。",
    "不少市民表示，身边的变化实实在在，日子越过越有奔头。",
    "下一步，我市将以黄河流域生态保护和高质量发展为引领，持续推动{topic}提质增效。",
]
# Sentences only the economic departments' stories use, so that a word like
# 招商 is in about one story in six, not in most of them.
ECONOMY_FACTS = [
    "今年1至{month}月，全市共签约招商引资项目{small}个，协议金额{money}亿元，到位资金{money2}亿元。",
    "{dept}围绕煤焦化工、新材料、新能源等产业链开展精准招商，引进了一批延链补链强链项目。",
    "今年以来，全市新增市场主体{num}户，其中企业{small}户，个体工商户持续增长。",
]
ECONOMY_TOPICS = {"招商引资", "签约项目落地", "区域经济合作", "重点项目建设", "工业转型升级", "商贸流通", "外贸稳增长"}
QUOTES = [
    "我们将把群众满不满意作为衡量工作的标准，让好政策真正落到实处",
    "以前办这个事要跑好几趟，现在一次就办好了，真是方便多了",
    "企业的事就是我们的事，有问题我们随叫随到",
    "下一步我们还要在细节上下功夫，把服务做得更贴心",
    "小区环境变好了，住着舒心，心里也敞亮",
]
SPEAKERS = ["{dept}相关负责人", "{place}居民{name}", "{dept}工作人员{name}", "企业负责人{name}"]
PARAGRAPH_LEADS = [
    "紧盯目标任务，深挖发展潜力。",
    "强化统筹协调，凝聚工作合力。",
    "坚持问题导向，补齐短板弱项。",
    "优化服务流程，提升办事效率。",
    "创新工作方式，激发内生动力。",
    "加强宣传引导，营造浓厚氛围。",
    "压实工作责任，确保落地见效。",
    "聚焦民生需求，增进群众福祉。",
]
ORDINALS = "一二三四五"
LESSON_LEADS = [
    "必须坚持人民至上，把群众的事当成自己的事。",
    "必须坚持问题导向，在解决实际问题中提升效能。",
    "必须坚持系统观念，凝聚部门协同的工作合力。",
    "必须坚持改革创新，用新办法破解老难题。",
]
FIGURES = [
    ("新签约项目", "个", 20, 160, 0),
    ("协议金额", "亿元", 50, 3000, 2),
    ("到位资金", "亿元", 10, 300, 2),
    ("服务群众", "人次", 1000, 90000, 0),
    ("办结事项", "件", 100, 5000, 0),
    ("新增就业", "人", 200, 6000, 0),
]
CAPTIONS = ["{place}一景。", "工作人员在{place}开展{topic}工作。", "{place}的{topic}现场。", "群众在{place}办理业务。"]


def make_roster(size=120):
    """A fixed newsroom: the same reporters whatever the seed, so appending reuses them."""
    rng = random.Random("newsroom-roster")
    names = []
    while len(names) < size:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        if name not in names:
            names.append(name)
    return names


def department_rows():
    """(name, short_name, slug, level, district, topics) for every department of the archive."""
    rows = [(name, name.removeprefix("市"), slug, "city", "", topics) for name, slug, topics in CITY_DEPARTMENTS]
    for district, district_slug in DISTRICTS:
        for office, office_slug, topics in DISTRICT_OFFICES:
            name = f"{district}{office}"
            rows.append((name, name, f"{district_slug}-{office_slug}", "district", district, topics))
    return rows


class _Slots(dict):
    """The story's fixed values; numbers are drawn afresh each time a sentence asks for one."""

    def __init__(self, values, rng, people):
        super().__init__(values)
        self.random = rng.random
        self.rng = rng
        self.people = people

    def __missing__(self, key):
        # random() arithmetic rather than randint(): this runs millions of times.
        draw = self.random()
        if key in ("num", "num2"):
            return 120 + int(draw * 9680)
        if key in ("small", "small2"):
            return 3 + int(draw * 58)
        if key in ("money", "money2"):
            return f"{1 + draw * 299:.2f}"
        if key == "pct":
            return 5 + int(draw * 76)
        if key == "share":
            return f"{95 + draw * 4.9:.1f}"
        if key == "name":
            return self.people[int(draw * len(self.people))]
        if key == "quote":
            return QUOTES[int(draw * len(QUOTES))]
        if key == "speaker":
            return SPEAKERS[int(draw * len(SPEAKERS))].format_map(self)
        raise KeyError(key)


class StoryWriter:
    """Draws headlines, bodies and case-study parts for one story from the vocabulary."""

    def __init__(self, rng, *, day, department, people):
        self.rng = rng
        self.day = day
        self.department = department
        self.people = people
        self.values = {
            "dept": department.name,
            "dept_short": department.display_name,
            "district": department.district or rng.choice(DISTRICTS)[0],
            "topic": rng.choice(department.topics),
            "place": rng.choice(PLACES),
            "year": day.year,
            "month": day.month,
            "day": day.day,
        }
        self._deck = []
        self._facts = FACTS + ECONOMY_FACTS if ECONOMY_TOPICS.intersection(department.topics) else FACTS
        self._slots = _Slots(self.values, rng, people)

    def fill(self, template):
        return template.format_map(self._slots)

    def headline(self, *, two_lines=False):
        first = self.fill(self.rng.choice(HEADLINES))
        if not two_lines:
            return first
        return f"{self.rng.choice(FIRST_LINES)}\n{self.rng.choice(SECOND_LINES)}"

    def subheadline(self):
        return self.fill(self.rng.choice(SUBHEADLINES))

    def paragraphs(self, target_chars):
        """Plain-text paragraphs of 2–4 sentences until about `target_chars` characters."""
        rng = self.rng
        paragraphs = [self.fill(rng.choice(OPENINGS)) + self.fact()]
        length = len(paragraphs[0])
        while length < target_chars:
            text = "".join(self.fact() for _ in range(rng.randint(2, 4)))
            paragraphs.append(text)
            length += len(text)
        return paragraphs

    def fact(self):
        """The next sentence from a shuffled deck, so a story repeats itself only when the deck runs out."""
        if not self._deck:
            self._deck = self.rng.sample(self._facts, len(self._facts))
        return self.fill(self._deck.pop())

    def body_html(self, target_chars):
        """Several <p>, some opening with a bold lead sentence, as reporters type them."""
        parts = []
        for index, text in enumerate(self.paragraphs(target_chars)):
            lead = ""
            if index and self.rng.random() < 0.3:
                lead = f"<strong>{self.rng.choice(PARAGRAPH_LEADS)}</strong>"
            parts.append(f"<p>{lead}{escape(text)}</p>")
        return "\n".join(parts)

    def caption(self):
        return self.fill(self.rng.choice(CAPTIONS))

    def case_study_parts(self, campaign_name):
        """opening, practices [(lead, text)], lessons_opening, lessons [(lead, text)], figures."""
        rng = self.rng
        opening = f"{campaign_name}开展以来，{self.department.name}围绕{self.values['topic']}，" + self.fact()
        leads = rng.sample(PARAGRAPH_LEADS, rng.randint(3, 4))
        practices = [
            (f"{ORDINALS[i]}是{lead}", "".join(self.fact() for _ in range(rng.randint(2, 3))))
            for i, lead in enumerate(leads)
        ]
        lessons_opening = f"通过一段时间的实践，{self.department.name}干部职工服务意识进一步增强，工作效能切实提升。"
        lessons = [(lead, self.fact()) for lead in rng.sample(LESSON_LEADS, rng.randint(2, 3))]
        figures = []
        for label, unit, low, high, places in rng.sample(FIGURES, rng.randint(1, 3)):
            value = Decimal(f"{rng.uniform(low, high):.{places}f}")
            change = f"同比增长{rng.randint(3, 120)}%" if rng.random() < 0.6 else ""
            figures.append((label, value, unit, change))
        return opening, practices, lessons_opening, lessons, figures


# (name, slug, slogan, starts_on, ends_on): one campaign is running on every day
# from 2014 on, so any recent archive has case studies on its last page.
CAMPAIGNS = [
    (
        "全市优化营商环境“十大行动”",
        "youhua-yingshang-huanjing-shida-xingdong",
        "优环境 强服务 促发展",
        "2014-01-01",
        "2018-12-31",
    ),
    (
        "黄河流域生态保护攻坚行动",
        "huanghe-liuyu-shengtai-baohu-gongjian",
        "守护母亲河 建设美丽乌海",
        "2019-01-01",
        "2021-02-28",
    ),
    ("“我为群众办实事”实践活动", "wo-wei-qunzhong-ban-shishi", "办实事 解难题 暖民心", "2021-03-01", "2022-12-31"),
    (
        "全市机关“提效能 优服务”作风建设年",
        "tixiaoneng-youfuwu-zuofeng-jianshe-nian",
        "提效能 优服务 促发展",
        "2023-01-01",
        None,
    ),
]
