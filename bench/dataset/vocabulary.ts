/**
 * Word lists and name builders for the benchmark data set. Lists are ordered from most to least common and
 * drawn with Zipf-like weights, so that a search for 科学, 智能, 产业园, 大道, 医院 or 芯片 matches a few per cent
 * of the ledger, as in a real one, rather than none or all of it. Every name is invented; nothing here
 * describes a real enterprise or project.
 */
import type { ProjectCategory } from '#domain/codelists.ts';
import { validateCreditCode } from '#domain/credit-code.ts';
import { type Rng, weighted, words, zipf } from './random.ts';

/** Places of the Western (Chongqing) Science City, used for projects in its five districts. */
export const scienceCityPlaces = zipf(
  words(
    '科学城 西永 虎溪 曾家 含谷 金凤 大学城 白市驿 歇马 陈家桥 双福 青杠 蔡家 走马 缙云 璧泉 巴福 西彭 明月湖 香炉山',
  ),
  0.9,
);

/** Short name of a district for use in a project name: 沙坪坝区 → 沙坪坝, 石柱土家族自治县 → 石柱. */
export function districtShortName(name: string): string {
  const autonomous = name.indexOf('土家族');
  const miao = name.indexOf('苗族');
  const cut = [autonomous, miao].filter((i) => i > 0);
  if (cut.length) return name.slice(0, Math.min(...cut));
  return name.length > 2 ? name.replace(/[区县]$/, '') : name;
}

const brandSyllables = words(
  '华 博 瑞 科 达 鑫 源 创 恒 远 宇 腾 联 盛 凯 信 天 中 新 智 德 嘉 泰 安 隆 宏 佳 晟 弘 正 诚 益 汇 丰 航 昊 川 渝 巴 锦 润 峰 云 星 光 元 启 明 金 海 拓 驰 致 铭 同 英 长 辰 卓 越',
);

export function brandName(rng: Rng): string {
  const first = rng.pick(brandSyllables);
  let second = rng.pick(brandSyllables);
  while (second === first) second = rng.pick(brandSyllables);
  return first + second;
}

const enterpriseBusiness = zipf(
  words(
    '科技 电子科技 智能科技 建设工程 实业 新材料 汽车零部件 生物医药 半导体 信息技术 新能源科技 置业 精密机械 医疗器械 光电科技 环保科技 软件 物流 数据科技 装备制造 供应链管理 能源 化工 食品 模具',
  ),
  0.7,
);
const enterpriseForm = weighted({ 有限公司: 70, 股份有限公司: 15, 有限责任公司: 10, 集团有限公司: 5 });

export function enterpriseName(rng: Rng): string {
  return `重庆${brandName(rng)}${enterpriseBusiness.draw(rng)}${enterpriseForm.draw(rng)}`;
}

const surnames = zipf(
  words('王 李 张 刘 陈 杨 黄 赵 周 吴 徐 孙 马 胡 朱 郭 何 罗 高 林 郑 谢 唐 邓 冉 谭 蒋 曾 彭 余 蒲 向'),
  0.6,
);
const givenChars =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玲建国志红海燕鹏飞波斌宇浩凯俊晓东雪梅立新文博';

export function personName(rng: Rng): string {
  const length = rng.chance(0.7) ? 2 : 1;
  let given = '';
  for (let i = 0; i < length; i++) given += givenChars[rng.int(0, givenChars.length - 1)];
  return surnames.draw(rng) + given;
}

export function mobilePhone(rng: Rng): string {
  return `1${rng.pick(['3', '5', '7', '8', '9'])}${String(rng.int(0, 999_999_999)).padStart(9, '0')}`;
}

export function officePhone(rng: Rng): string {
  return `023-6${String(rng.int(0, 9_999_999)).padStart(7, '0')}`;
}

/** GB 32100 character set, in value order. */
const CREDIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * A valid unified social credit code. The two check characters are computed by the app's own validator
 * (domain/credit-code.ts): it reports the expected character for a wrong one, so placeholders are corrected
 * in two passes (the organisation-code check first, since the final check covers it).
 * `serial` makes the organisation code unique: after 2015 codes are issued as MA + 6 characters.
 */
export function creditCode(kind: 'enterprise' | 'institution', divisionCode: string, serial: number): string {
  let body = '';
  if (kind === 'enterprise') {
    let n = serial;
    for (let i = 0; i < 6; i++) {
      body = CREDIT_CHARSET[n % 31] + body;
      n = Math.floor(n / 31);
    }
    body = `MA${body}`;
  } else {
    body = String(45_000_000 + serial * 37).slice(-8);
  }
  // 9: registered by the market regulator, 1: enterprise; 1: registered by the establishment office, 2: 事业单位.
  const head = kind === 'enterprise' ? '91' : '12';
  let code = `${head}${divisionCode}${body}00`;
  for (let pass = 0; pass < 2; pass++) {
    const result = validateCreditCode(code);
    if (result.ok) return code;
    // One character per pass: the final check character depends on the organisation check before it.
    const issue = result.issues[0]!;
    if (!issue.expected) throw new Error(`cannot build a credit code from ${code}: ${issue.kind}`);
    code = code.slice(0, issue.position - 1) + issue.expected + code.slice(issue.position);
  }
  const final = validateCreditCode(code);
  if (!final.ok) throw new Error(`generated credit code ${code} does not validate`);
  return code;
}

// Project names, by category. Each kind of project carries the GB/T 4754 division it is classified under, so
// that the industry filter and the name agree (a 芯片 plant is in 39, a 人民医院 in 84). Phases, bid sections and
// lot numbers are added by the caller to keep names mostly distinct.

/** 'word:code word:code …' → [word, code] pairs, most common first. */
const coded = (list: string) => words(list).map((w) => w.split(':') as [string, string]);

const industrialProducts = zipf(
  coded(
    '智能终端:39 汽车零部件:36 芯片:39 新能源汽车:36 集成电路:39 智能制造:34 生物医药:27 锂电池:38 新型显示:39 ' +
      '高端装备:35 医疗器械:35 新材料:26 精密模具:35 半导体:39 智能网联汽车:36 传感器:40 服务器:39 光伏组件:38 ' +
      '工业机器人:34 储能:38 功率半导体:39 数据中心:64 氢能:44 软件:65 光电:39 精密仪器:40 食品加工:14 冷链物流:59 ' +
      '仓储物流:59 化合物半导体:39',
  ),
  0.8,
);
const industrialSuffixes = zipf(
  words(
    '项目 生产基地 产业园 研发生产基地 产业化项目 智能工厂 生产线建设项目 扩能项目 技术改造项目 总部基地',
  ),
  0.9,
);
const roadKinds = zipf(
  coded(
    '路网工程:48 大道:48 快速通道:48 立交改造工程:48 隧道工程:48 综合管廊工程:78 桥梁工程:48 轨道交通配套工程:48',
  ),
  0.8,
);
const utilityKinds = zipf(
  coded('220千伏变电站:44 供水管网工程:46 污水管网工程:46 公交枢纽:54 公共停车场:78 燃气管网工程:45'),
  0.9,
);
const socialKinds = zipf(
  coded(
    '人民医院:84 中学:83 人才公寓:70 小学:83 安置房:70 幼儿园:83 中医院:84 妇幼保健院:84 体育中心:89 文化中心:88 ' +
      '养老服务中心:85 社区卫生服务中心:84',
  ),
  0.8,
);
const platformSubjects = zipf(
  words(
    '人工智能 生命科学 集成电路 量子 先进材料 智能网联 超瞬态 数字经济 生物医学 种质创制 医学检验 空天信息',
  ),
  0.7,
);
const platformKinds = zipf(
  coded('研究院:73 实验室:73 科学中心:73 创新中心:75 中试基地:75 孵化器:75 大科学装置:73 重点实验室:73'),
  0.8,
);
const rivers = zipf(words('梁滩河 璧南河 虎溪河 大溪河 龙凤溪 嘉陵江 长江 綦江'), 0.7);
const ecologyKinds = zipf(
  coded('湿地公园:77 污水处理厂扩建工程:46 城市绿道:78 生态修复工程:77 垃圾分类处理中心:78 山体公园:78'),
  0.8,
);
const renewalKinds = zipf(
  coded('老旧小区改造:47 片区城市更新:70 老街有机更新:70 城中村改造:70 棚户区改造:70 背街小巷整治:78'),
  0.8,
);

/**
 * A project name for a category, with its GB/T 4754 division. `place` is a district short name or a Science
 * City place, or '' for none; `brand` the owner's 字号, used in some industrial projects' names.
 */
export function projectName(
  rng: Rng,
  category: ProjectCategory,
  place: string,
  brand: string,
): { name: string; industry: string } {
  const where = place || '科学城';
  switch (category) {
    case 'industrial': {
      const [product, industry] = industrialProducts.draw(rng);
      const owner = brand && rng.chance(0.55) ? brand : place;
      return { name: `${owner}${product}${industrialSuffixes.draw(rng)}`, industry };
    }
    case 'infrastructure': {
      if (rng.chance(0.7)) {
        const [kind, industry] = roadKinds.draw(rng);
        const phased = kind === '大道' || kind === '快速通道';
        return {
          name: phased ? `${where}${kind}${rng.pick(['一期', '二期', '三期', ''])}工程` : `${where}${kind}`,
          industry,
        };
      }
      const [kind, industry] = utilityKinds.draw(rng);
      return { name: `${where}${kind}`, industry };
    }
    case 'social': {
      const [kind, industry] = socialKinds.draw(rng);
      return { name: `${where}${kind}${rng.pick(['新建工程', '扩建工程', '', ''])}`, industry };
    }
    case 'innovation_platform': {
      const [kind, industry] = platformKinds.draw(rng);
      const prefix = place === '科学城' || !place || rng.chance(0.3) ? '西部科学城' : place;
      return { name: `${prefix}${platformSubjects.draw(rng)}${kind}`, industry };
    }
    case 'ecology': {
      if (rng.chance(0.4)) return { name: `${rivers.draw(rng)}流域综合治理工程`, industry: '77' };
      const [kind, industry] = ecologyKinds.draw(rng);
      return { name: `${where}${kind}`, industry };
    }
    case 'urban_renewal': {
      const [kind, industry] = renewalKinds.draw(rng);
      return { name: `${where}${kind}`, industry };
    }
  }
}

const chineseDigits = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

/**
 * The n-th repeat of a name gets a phase (二期 …); later ones a bid section (标段) for works along a line, a lot
 * number (号地块) for the others: real ledgers repeat names rarely.
 */
export function distinctName(name: string, repeat: number, category: ProjectCategory): string {
  if (repeat === 0) return name;
  if (repeat < 9) return `${name}（${chineseDigits[repeat + 1]}期）`;
  const linear = category === 'infrastructure' || category === 'ecology';
  return linear ? `${name}（第${repeat - 7}标段）` : `${name}（${repeat - 7}号地块）`;
}

const constructionTemplates: Record<ProjectCategory, readonly string[]> = {
  industrial: [
    '新建生产厂房、研发楼及配套设施，总建筑面积约{a}万平方米，购置生产设备{b}台（套）。',
    '租用标准厂房约{a}万平方米，建设生产线{b}条及配套仓储设施。',
  ],
  infrastructure: [
    '新建道路约{a}公里，同步实施管网、照明、绿化及交通设施工程。',
    '实施道路、桥梁及综合管廊工程，管廊长约{a}公里，新建桥梁{b}座。',
  ],
  social: [
    '新建业务用房及配套设施，总建筑面积约{a}万平方米，设置床位或学位{b}00个。',
    '新建住房约{b}00套及配套商业、停车设施，总建筑面积约{a}万平方米。',
  ],
  innovation_platform: [
    '建设科研楼、实验楼及配套设施，总建筑面积约{a}万平方米，购置科研仪器设备{b}0台（套）。',
  ],
  ecology: ['实施河道整治、截污管网及生态修复，治理河长约{a}公里。', '新建处理设施，处理规模{b}万吨/日。'],
  urban_renewal: [
    '改造老旧小区{b}个，涉及建筑面积约{a}万平方米，完善水电气讯及消防设施。',
    '实施片区环境整治、立面改造及配套设施完善，改造面积约{a}万平方米。',
  ],
};

export function constructionContent(rng: Rng, category: ProjectCategory, scale: number): string {
  const a = Math.max(0.2, Math.round(scale * rng.between(0.5, 1.5) * 10) / 10);
  const b = Math.max(1, Math.round(scale * rng.between(1, 4)));
  return rng.pick(constructionTemplates[category]).replace('{a}', String(a)).replace('{b}', String(b));
}

export const coordinationTopics = {
  land: ['施工临时用地协调', '征地拆迁遗留问题', '土地出让手续办理', '用地红线调整', '林地占用审批'],
  planning: ['规划方案调整审批', '规划条件核实', '建设工程规划许可办理', '道路红线与用地冲突'],
  funding: ['专项债资金拨付进度', '政府投资资金到位', '配套资金缺口', '工程款结算审计'],
  approval: ['施工许可办理', '环评批复', '能评审查', '消防设计审查', '水土保持方案审批'],
  construction_environment: ['夜间施工许可与噪声投诉', '渣土消纳场地', '周边群众阻工', '扬尘治理整改'],
  utilities: ['施工用电增容', '供水管网接入', '燃气管道迁改', '通信管线迁改', '雨污管网接驳'],
  other: ['外部道路连通', '人才公寓配套', '员工通勤公交线路', '企业用工招聘协调'],
} as const;

export const reportProblems = words(
  '受连续降雨影响，土方施工进度滞后。 部分材料价格上涨，施工单位资金压力较大。 施工用电尚未接通，临时发电成本较高。 周边居民对夜间施工有投诉，需协调施工时段。 设计变更待审批，影响后续工序。 专项债资金未按计划拨付。',
);

export const imageProgressByPhase = {
  before: ['前期手续办理中', '可研编制及评审', '用地报批中', '施工图设计及审查', '招标准备'],
  building: words('场平及基础施工 桩基施工 主体结构施工 主体结构封顶 装饰装修及机电安装 室外配套施工'),
  after: ['已竣工投产运营', '竣工验收备案完成', '尾款结算'],
} as const;
