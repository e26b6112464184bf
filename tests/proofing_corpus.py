"""
The proofreading corpus: sentences written from GB/T 15834-2011, GB/T 15835-2011 and the errors newsrooms make,
each with its known errors, and correct sentences (many of them close to an error) that must raise nothing.

An error is marked inline as ⟦found|rule⟧: the text between ⟦ and | is the span, rule the rule id expected there;
⟦text|-⟧ marks text that looks suspicious but is right. `labelled()` returns (text, [(rule, family, start, end)]).
Checked with CONTEXT: the seeded lists (proofing/migrations/0002) and the archive's departments as protected names.
"""

import re

from proofing import ProofingContext

FAMILY_OF_PREFIX = {
    "punct": "punctuation",
    "num": "numbers",
    "rep": "repeats",
    "trad": "traditional",
    "conf": "confusables",
    "house": "house_style",
    "name": "names",
    "banned": "banned",
}
MARK = re.compile("⟦([^|⟧]*)\\|([^⟧]+)⟧")

WITH_ERRORS = """
会议强调了三个方面⟦…………|punct.ellipsis⟧
家长们⟦都都|rep.char⟧说好。
⟦这个这个|rep.word⟧问题很复杂。
他说⟦"|punct.halfwidth⟧我们一定办好⟦"|punct.halfwidth⟧。
全年增长了5⟦.|punct.halfwidth⟧我市将继续努力。
第⟦(|punct.halfwidth⟧3⟦)|punct.halfwidth⟧条规定了具体办法。
《人民日报》⟦(|punct.halfwidth⟧海外版⟦)|punct.halfwidth⟧刊发了这篇报道。
还有很多工作要做⟦......|punct.ellipsis⟧
会议指出⟦,|punct.halfwidth⟧要进一步压实工作责任。
各单位要高度重视⟦,|punct.halfwidth⟧认真抓好落实。
全市经济运行总体平稳⟦.|punct.halfwidth⟧
他表示⟦:|punct.halfwidth⟧将继续做好服务保障工作。
一是抓项目⟦;|punct.halfwidth⟧二是抓服务。
这项工作难道不重要吗⟦?|punct.halfwidth⟧
让我们携手共建美好家园⟦!|punct.halfwidth⟧
市生态环境局⟦(|punct.halfwidth⟧以下简称市环境局⟦)|punct.halfwidth⟧发布通知。
群众满意度持续提升⟦,|punct.halfwidth⟧获得感不断增强⟦.|punct.halfwidth⟧
据介绍⟦,|punct.halfwidth⟧该项目总投资3.5亿元。
活动现场⟦,|punct.halfwidth⟧志愿者为居民义诊。
记者了解到⟦:|punct.halfwidth⟧今年全市新增就业岗位1200个。
海南区⟦(|punct.halfwidth⟧海南工业园区⟦)|punct.halfwidth⟧完成投资12亿元。
他说：⟦“|punct.unbalanced⟧我们要把好事办好。
印发了《实施方案》⟦》|punct.unbalanced⟧。
会议审议通过了⟦《|punct.unbalanced⟧乌海市城市管理条例。
他说：“要把⟦“|punct.nesting⟧放管服”改革落到实处。”
读《⟦《|punct.nesting⟧论语》导读》一书。
市民代表表示⟦）|punct.unbalanced⟧这是好事。
项目包括道路改造⟦（|punct.unbalanced⟧含管网、绿化等配套工程。
【权威发布】⟦】|punct.unbalanced⟧我市出台新政。
全市共设置便民服务点12个⟦，，|punct.doubled⟧覆盖所有社区。
工作取得明显成效⟦。。|punct.doubled⟧
包括果蔬⟦、、|punct.doubled⟧日用百货等。
主要有三点⟦：：|punct.doubled⟧一是抓落实。
一是强化组织领导⟦；；|punct.doubled⟧二是完善工作机制。
还有许多问题需要解决⟦。。。|punct.ellipsis⟧
群众的需求包括就业、教育、医疗⟦...|punct.ellipsis⟧
他停顿了一下⟦…|punct.ellipsis⟧接着说下去。
这里有山、有水、有草原⟦…|punct.ellipsis⟧
一刻钟便民生活圈⟦—|punct.dash⟧我市推进社区商业建设纪实
党员先锋岗⟦--|punct.dash⟧社区治理的新探索
这是一条新路⟦—|punct.dash⟧也是一条必由之路。
全市⟦ |punct.space⟧经济运行稳中向好。
居民对服务⟦ |punct.space⟧非常满意。
进一步提升⟦　|punct.space⟧服务质量。
为群众办实事⟦ |punct.space⟧解难题。
持续推进⟦ |punct.space⟧“放管服”改革。
今年⟦２０２２|num.fullwidth⟧年以来，全市新增市场主体1000户。
全年完成投资⟦１２|num.fullwidth⟧亿元。
累计服务群众⟦３５０|num.fullwidth⟧人次。
2021年完成年度任务，⟦二〇二二年|num.mixed_year⟧继续推进。
2022年以来，全市新建公园5个；2023年计划再建3个，⟦二〇二四年|num.mixed_year⟧全部建成。
今年1⟦-|num.range⟧11月，全市规模以上工业增加值同比增长6.5%。
1⟦~|num.range⟧10月，全市累计接待游客120万人次。
每天8⟦～|num.range⟧10人轮流值班。
气温将下降5⟦-|num.range⟧8℃。
预计3⟦－|num.range⟧5年内建成。
增长了⟦百分之五|num.percent⟧，而去年同期增长3%。
今年增长了4.5%，占全市的⟦百分之二十|num.percent⟧。
全市户籍人口中，⟦百分之三十五|num.percent⟧为城镇人口，比上年提高1.2%。
共有⟦1,200|num.separator⟧名志愿者参加活动。
累计发放宣传资料⟦3,500|num.separator⟧余份。
项目占地⟦8,000|num.separator⟧平方米。
今年新增就业⟦2,360|num.separator⟧人。
全市经济⟦的的|rep.char⟧发展势头良好。
项目建设取得⟦了了|rep.char⟧新进展。
这⟦是是|rep.char⟧我市首个智慧社区。
活动⟦在在|rep.char⟧海勃湾区举行。
加快推进城乡一体化⟦和和|rep.char⟧乡村振兴。
要⟦把把|rep.char⟧群众的事当成自己的事。
项目⟦将将|rep.char⟧于明年建成投用。
我们⟦也也|rep.char⟧要积极参与。
他们⟦都都|rep.char⟧表示满意。
我们要⟦对对|rep.char⟧群众负责。
⟦我市我市|rep.word⟧持续推进老旧小区改造。
⟦海南区海南区|rep.word⟧商务局深挖便民消费难点。
今年⟦全市全市|rep.word⟧新增市场主体1000户。
项目⟦建设建设|rep.word⟧进展顺利。
⟦這|trad.char⟧是我市今年的重点工作。
全市经济⟦發|trad.char⟧展稳中向好。
进一步优化营商⟦環|trad.char⟧⟦境|-⟧。
市民⟦們|trad.char⟧纷纷点赞。
项目建成后将带动就⟦業|trad.char⟧500人。
⟦經|trad.char⟧⟦濟|trad.char⟧运行平稳。
深入开展⟦學|trad.char⟧习教育。
推动⟦國|trad.char⟧家战略落地。
全力保障城市⟦運|trad.char⟧行。
各部门⟦認|trad.char⟧真落实。
这⟦裏|trad.char⟧的变化翻天覆地。
全体干部职工要⟦再接再励|conf.word⟧，推动工作再上新台阶。
工作人员上门⟦按装|conf.word⟧燃气报警器。
⟦既使|conf.word⟧遇到困难，也要迎难而上。
游客们⟦迫不急待|conf.word⟧地走进景区。
面对难题，他并没有⟦一愁莫展|conf.word⟧。
道路上车辆⟦穿流不息|conf.word⟧。
老人们⟦谈笑风声|conf.word⟧，其乐融融。
不能⟦默守成规|conf.word⟧，要大胆创新。
犯罪嫌疑人已⟦走头无路|conf.word⟧。
个别人⟦挺而走险|conf.word⟧，触犯法律。
这里宛如⟦世外桃园|conf.word⟧。
队员们⟦出奇不意|conf.word⟧，赢得比赛。
考生⟦金榜提名|conf.word⟧，家长十分高兴。
他懂得⟦人情事故|conf.word⟧。
个别企业⟦变本加利|conf.word⟧排放污染物。
施工队⟦一股作气|conf.word⟧完成了主体工程。
社区工作人员对老人⟦关怀倍至|conf.word⟧。
诈骗分子⟦鬼计多端|conf.word⟧，市民要提高警惕。
他们⟦甘败下风|conf.word⟧。
这篇文章⟦针贬时弊|conf.word⟧，发人深省。
这是一个⟦名符其实|conf.word⟧的民生工程。
他以⟦破斧沉舟|conf.word⟧的决心推进改革。
消息⟦不径而走|conf.word⟧。
这样的结果真是⟦莫名奇妙|conf.word⟧。
工作要⟦按步就班|conf.word⟧推进。
⟦迫在眉捷|conf.word⟧的任务摆在眼前。
全市上下⟦众志成诚|conf.word⟧抗击疫情。
比赛现场⟦座无虚席|-⟧。
要⟦因地治宜|conf.word⟧发展特色产业。
各部门⟦责无旁代|conf.word⟧。
村民们⟦张灯结采|conf.word⟧迎新春。
经济发展⟦蒸蒸日尚|conf.word⟧。
坚持⟦自立更生|conf.word⟧、艰苦奋斗。
老旧小区⟦焕然一新|-⟧。
该小区⟦座落|conf.word⟧在海勃湾区。
黄河水⟦源远流长|-⟧。
这是⟦一如继往|conf.word⟧的坚持。
他在比赛中⟦脱颖而出|-⟧。
活动赢得阵阵⟦喝采|conf.word⟧。
市领导⟦亲睐|conf.word⟧本地企业。
⟦宏扬|conf.word⟧社会主义核心价值观。
加强⟦布署|conf.word⟧，确保落实。
把⟦精典|conf.word⟧作品搬上舞台。
深入开展⟦辨论|conf.word⟧活动。
坚持⟦明辩是非|conf.word⟧。
文艺演出⟦精萃|conf.word⟧纷呈。
开展⟦家俱|conf.word⟧质量抽检。
要⟦未雨绸缪|-⟧，防患于未然。
团队成员⟦鞠躬尽粹|conf.word⟧。
工作人员⟦小心冀冀|conf.word⟧地搬运文物。
新时代的青年要⟦勇往直前|-⟧。
会上，与会人员⟦各抒己见|-⟧。
今年全市⟦人才倍出|conf.word⟧。
全面推进⟦十四五|house.preferred⟧规划各项目标任务。
编制⟦十四五|house.preferred⟧生态环境保护规划。
⟦十三五|house.preferred⟧期间，全市生产总值年均增长5%。
积极融入⟦一带一路|house.preferred⟧建设。
⟦市人力资源与社会保障局|name.near_miss⟧开展就业帮扶。
⟦市住房与城乡建设局|name.near_miss⟧启动老旧小区改造。
⟦市生态环竟局|name.near_miss⟧发布空气质量报告。
⟦市发展与改革委员会|name.near_miss⟧召开新闻发布会。
⟦市工业与信息化局|name.near_miss⟧开展企业走访。
⟦市卫生建康委员会|name.near_miss⟧部署秋冬季疫情防控。
⟦市行政审批与政务服务局|name.near_miss⟧推行“一网通办”。
⟦市文化旅游体育局|-⟧举办全民健身活动。
⟦市市场监督管理局|-⟧开展食品安全检查。
⟦市退役军人事物局|name.near_miss⟧走访慰问退役军人。
⟦市城市管理综和执法局|name.near_miss⟧整治占道经营。
网络用语“⟦屌丝|banned.word⟧”不得见报。
个别网民使用“⟦草泥马|banned.word⟧”等不文明用语。
反对⟦装逼|banned.word⟧之风。
"""

CORRECT = """
（中间略去两段）………………
他的的士生意越来越好。
他们都在在线学习。
家长们说说笑笑地走进校园。
本报讯（记者 王丽）近日，我市召开会议。
项目投资约1.5亿—2亿元。
北京时间8月8日20:00，开幕式正式开始。
会上传达了《中共中央关于……的决定》。
今天天气很好。
这是正正当当的收入。
1.加强组织领导。
要求如下：1.加强领导；2.完善机制。
He said "OK".
公司名称为Wuhai (China) Ltd.，注册资本1亿元。
活动期间（3月1日—5日），全市各景区免费开放。
网址为https://www.wuhai.gov.cn/zwgk/index.html，欢迎查询。
会议指出，要进一步压实工作责任。
圆周率约为3.14，小数点后保留两位。
全市常住人口约为55.8万人。
上午10:30，活动正式开始。
比赛以3:1结束。
详情请登录www.wuhai.gov.cn查询。
咨询电话：0473-3988000。
该公司英文名称为Wuhai Energy Co., Ltd.，总部设在海勃湾区。
他说：“要把‘放管服’改革落到实处。”
会议学习了《〈中国共产党纪律处分条例〉释义》。
太好了！！
这是真的吗？！
还有很多问题需要解决……
一刻钟便民生活圈——我市推进社区商业建设纪实
今年1—11月，全市规模以上工业增加值同比增长6.5%。
2021—2025年，全市计划改造老旧小区120个。
今年1至11月，全市固定资产投资同比增长8.2%。
预计3到5年内建成。
每天安排8—10人轮流值班。
全市有12,000多户居民参加了调查。
今年新增就业2360人。
全年完成投资12亿元，同比增长5%。
全市百分之百的行政村通了硬化路。
增长了百分之五。
2022年以来，全市新建公园5个。
我们要常常看看群众的需求。
天天锻炼，人人健康。
孩子们慢慢长大，渐渐懂事。
谢谢大家的支持！
星星点点的灯光照亮了夜空。
妈妈和爸爸带着宝宝来到公园。
哥哥姐姐弟弟妹妹欢聚一堂。
刚刚完工的道路仅仅用了三个月。
他默默地工作了三十年。
市民纷纷点赞。
问题往往出在细节上。
偏偏这时下起了大雨。
处处都是新变化。
年年都有新气象。
家家户户挂起了红灯笼。
工作人员一一登记。
他明明知道这个道理。
轻轻地推开门。
好好学习，天天向上。
城市面貌大大改善。
多多益善。
久久为功，善作善成。
紧紧围绕中心任务。
深深扎根基层。
高高飘扬的五星红旗。
的的确确发生了变化。
这件事不能不了了之。
坚持实事求是是我们党的思想路线。
为了了解情况，他多次深入一线。
领导同志要研究研究这个问题。
一个一个地解决问题。
该市市长出席了会议。
全市市民积极参与。
存在的问题是是否落实到位。
现在在建项目有12个。
坚持民主和和谐的统一。
要对对象进行分类管理。
目的的实现需要大家共同努力。
这是推动高质量发展的必然要求。
乾隆年间，这里已有村落。
他是一位著名的书法家。
这里的一草一木都令人难忘。
他既使用了新设备，又改进了工艺。
海南区商务局和乌达区商务局联合开展促消费活动。
市人力资源和社会保障局开展就业帮扶。
市生态环境局发布空气质量报告。
全面推进“十四五”规划各项目标任务。
编制《乌海市“十四五”生态环境保护规划》。
积极融入“一带一路”建设。
下一步，我市将持续推动黄河流域生态保护和高质量发展。
截至目前，已累计完成相关项目56个，完成投资3.2亿元，同比增长12%。
通过“线上+线下”相结合的方式，累计服务群众8600人次，群众满意度达到98%。
同时，加强与发改、财政、自然资源等部门的沟通联动，形成上下贯通、左右协同的工作合力。
在乌海湖，120名志愿者走进社区，为居民提供政策宣讲、健康义诊、法律咨询等服务。
项目建成后，预计年产值可达15亿元，可带动就业800人。
针对群众反映强烈的突出问题，建立问题台账，实行销号管理，做到件件有落实、事事有回音。
记者在施工现场看到，施工人员正抢抓工期加紧作业，现场一派繁忙景象。
“以前办这个事要跑好几趟，现在一次就办好了，真是方便多了。”居民王丽说。
不少市民表示，身边的变化实实在在，日子越过越有奔头。
紧盯目标任务，深挖发展潜力。
强化统筹协调，凝聚工作合力。
坚持问题导向，补齐短板弱项。
必须坚持人民至上，把群众的事当成自己的事。
必须坚持系统观念，凝聚部门协同的工作合力。
近日，记者从市商务局获悉，今年以来我市便民消费圈建设工作稳步推进。
走进乌达区，城市更新带来的新变化随处可见，群众的获得感、幸福感、安全感不断增强。
为进一步做好垃圾分类工作，市城市管理综合执法局近日印发实施方案，明确了目标任务、责任分工和时间节点。
3月15日，市市场监督管理局召开食品安全工作推进会。
今年，海勃湾区计划实施重点项目15个，总投资46亿元，目前开工率达85%。
据统计，2023年全市一般公共预算收入完成75.6亿元，同比增长9.1%。
与此同时，组织业务骨干开展培训12场次，参训人员600人次，干部队伍能力素质明显提升。
目前，周边的道路、管网、绿化等配套设施已基本完工，预计6月底全面投入使用。
今年1至5月，全市共签约招商引资项目35个，协议金额260亿元。
今年以来，全市新增市场主体3200户，其中企业800户，个体工商户持续增长。
小区环境变好了，住着舒心，心里也敞亮。
企业的事就是我们的事，有问题我们随叫随到。
（曹艺 赵晓坤）
GDP同比增长5.2%。
全市PM2.5平均浓度为32微克/立方米。
5G基站已覆盖所有乡镇。
参加人数约为1.2万人。
活动时间为每周一至周五9:00—17:00。
本次活动共有3个环节：一是参观，二是座谈，三是交流。
这里有山、有水、有草原……
他的作品入选了全国书法展。
“我们会坚持下去！”他说。
请问，您对这项服务满意吗？
这项工作既重要又紧迫。
按照“中央厨房+长者饭堂+助餐服务点+配送”的服务模式，构建老年人助餐服务体系。
设置养老服务中心5个，养老服务站14个，长者饭堂2家。
培育建设占地约3000平方米的美食广场，提供各类摊位60余个。
全市共有中小学86所，在校学生7.5万人。
乌海市位于内蒙古自治区西部，黄河穿城而过。
乌海湖是黄河上的一颗明珠。
书法是乌海的一张亮丽名片。
这座城市因煤而建、因煤而兴。
他在发言中指出，要坚定不移推进改革。
学校开设了足球、篮球、书法等特色课程。
市民王女士说：“现在买菜方便多了。”
这一做法得到了群众的广泛认可。
他们认认真真地做好每一件事。
工作要扎扎实实、踏踏实实。
时时刻刻把群众的安危放在心上。
世世代代生活在这片土地上。
方方面面的工作都要做好。
这些成绩来之不易，凝结着干部群众的心血和汗水。
坚持以人民为中心的发展思想。
全面贯彻落实党的二十大精神。
学习贯彻习近平新时代中国特色社会主义思想。
持续深化“放管服”改革，优化营商环境。
实施城市更新行动，提升城市品质。
加快构建现代化产业体系。
推动煤焦化工产业延链补链强链。
大力发展新能源产业。
保障和改善民生。
统筹发展和安全。
提升社会治理效能。
建设平安乌海。
今年是全面贯彻落实党的二十大精神的开局之年。
全市上下要团结一心、真抓实干。
要以更加饱满的热情投入到工作中去。
全市生产总值突破600亿元。
人均可支配收入达到4.8万元。
城镇登记失业率控制在4%以内。
全年空气质量优良天数达到280天。
森林覆盖率提高到18.5%。
城市建成区绿化覆盖率达到43%。
新建改建农村公路120公里。
今年计划完成造林绿化5万亩。
新增城镇就业5600人。
发放创业担保贷款1.2亿元。
全市共有A级旅游景区12家。
接待国内外游客500万人次。
实现旅游收入60亿元。
全市共有养老机构28家。
建成社区卫生服务中心15个。
高考本科上线率达到70%。
"""


def family(rule):
    return FAMILY_OF_PREFIX[rule.split(".")[0]]


def parse(line):
    text, labels, at = [], [], 0
    for m in MARK.finditer(line):
        text.append(line[at : m.start()])
        start = sum(map(len, text))
        text.append(m.group(1))
        if m.group(2) != "-":
            labels.append((m.group(2), family(m.group(2)), start, start + len(m.group(1))))
        at = m.end()
    text.append(line[at:])
    return "".join(text), labels


def labelled():
    lines = [line for block in (WITH_ERRORS, CORRECT) for line in block.strip("\n").splitlines() if line.strip()]
    return [parse(line) for line in lines]


def corpus_context():
    from bench.archive.words import CITY_DEPARTMENTS, DISTRICT_OFFICES, DISTRICTS

    names = [name for name, *_ in CITY_DEPARTMENTS]
    names += [district + office for district, _ in DISTRICTS for office, *_ in DISTRICT_OFFICES]
    return ProofingContext(
        preferred=(
            ("十四五", "“十四五”", "五年规划的简称加引号"),
            ("十三五", "“十三五”", "五年规划的简称加引号"),
            ("十五五", "“十五五”", "五年规划的简称加引号"),
            ("一带一路", "“一带一路”", ""),
        ),
        protected=tuple(names),
        banned=(("屌丝", "", "粗俗用语"), ("草泥马", "", "粗俗用语"), ("装逼", "", "粗俗用语")),
    )
