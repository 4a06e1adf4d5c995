"""Chinese names of severities, finding kinds and section roles, shared by the CLI and the exports."""

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
KIND_ZH = {"sum": "加总不符", "bound": "数值越界", "requires": "缺少数据", "equal": "应相等", "duplicate": "前后矛盾",
           "enumeration": "列举数不符", "frequency": "频次不足", "cross_doc": "上下级不符", "trend": "年度衔接",
           "coverage": "问题无措施", "completeness": "内容缺项", "proofing": "文字差错", "placeholder": "模板残留",
           "similarity": "雷同文本"}
ROLE_ZH = {"preamble": "前言", "work": "工作情况", "problems": "存在问题", "causes": "原因分析",
           "measures": "整改措施", "other": "其他", "closing": "落款"}
