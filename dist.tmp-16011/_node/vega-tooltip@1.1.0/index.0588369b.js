import{isArray as R,isString as C,isObject as x}from"../vega-util@2.1.3/index.cb98e263.js";var D="1.1.0",H={version:D};function b(t,e,n,o){if(R(t))return`[${t.map(i=>e(C(i)?i:f(i,n))).join(", ")}]`;if(x(t)){let i="";const{title:s,image:l,...c}=t;s&&(i+=`<h2>${e(s)}</h2>`),l&&(i+=`<img src="${new URL(e(l),o||location.href).href}">`);const r=Object.keys(c);if(r.length>0){i+="<table>";for(const d of r){let a=c[d];a!==void 0&&(x(a)&&(a=f(a,n)),i+=`<tr><td class="key">${e(d)}</td><td class="value">${e(a)}</td></tr>`)}i+="</table>"}return i||"{}"}return e(t)}function y(t){const e=[];return function(n,o){if(typeof o!="object"||o===null)return o;const i=e.indexOf(this)+1;return e.length=i,e.length>t?"[Object]":e.indexOf(o)>=0?"[Circular]":(e.push(o),o)}}function f(t,e){return JSON.stringify(t,y(e))}var S=`#vg-tooltip-element {
  visibility: hidden;
  padding: 8px;
  position: fixed;
  z-index: 1000;
  font-family: sans-serif;
  font-size: 11px;
  border-radius: 3px;
  box-shadow: 2px 2px 4px rgba(0, 0, 0, 0.1);
  white-space: pre-line;
}
#vg-tooltip-element.visible {
  visibility: visible;
}
#vg-tooltip-element h2 {
  margin-top: 0;
  margin-bottom: 10px;
  font-size: 13px;
}
#vg-tooltip-element table {
  border-spacing: 0;
}
#vg-tooltip-element table tr {
  border: none;
}
#vg-tooltip-element table tr td {
  overflow: hidden;
  text-overflow: ellipsis;
  padding-top: 2px;
  padding-bottom: 2px;
  vertical-align: text-top;
}
#vg-tooltip-element table tr td.key {
  color: #808080;
  max-width: 150px;
  text-align: right;
  padding-right: 4px;
}
#vg-tooltip-element table tr td.value {
  display: block;
  max-width: 300px;
  max-height: 7em;
  text-align: left;
}
#vg-tooltip-element {
  /* The default theme is the light theme. */
  background-color: rgba(255, 255, 255, 0.95);
  border: 1px solid #d9d9d9;
  color: black;
}
#vg-tooltip-element.dark-theme {
  background-color: rgba(32, 32, 32, 0.9);
  border: 1px solid #f5f5f5;
  color: white;
}
#vg-tooltip-element.dark-theme td.key {
  color: #bfbfbf;
}
`;const v="vg-tooltip-element",w={offsetX:10,offsetY:10,id:v,styleId:"vega-tooltip-style",theme:"light",disableDefaultStyle:!1,sanitize:k,maxDepth:2,formatTooltip:b,baseURL:"",anchor:"cursor",position:["top","bottom","left","right","top-left","top-right","bottom-left","bottom-right"]};function k(t){return String(t).replace(/&/g,"&amp;").replace(/</g,"&lt;")}function T(t){if(!/^[A-Za-z]+[-:.\w]*$/.test(t))throw new Error("Invalid HTML ID");return S.toString().replaceAll(v,t)}function u(t,e,{offsetX:n,offsetY:o}){const i=g({x1:t.clientX,x2:t.clientX,y1:t.clientY,y2:t.clientY},e,n,o),s=["bottom-right","bottom-left","top-right","top-left"];for(const l of s)if(m(i[l],e))return i[l];return i["top-left"]}function I(t,e,n,o,i){const{position:s,offsetX:l,offsetY:c}=i,r=t._el.getBoundingClientRect(),d=t._origin,a=L(r,d,n),h=g(a,o,l,c),A=Array.isArray(s)?s:[s];for(const p of A)if(m(h[p],o)&&!$(e,h[p],o))return h[p];return u(e,o,i)}function L(t,e,n){const o=n.isVoronoi?n.datum.bounds:n.bounds;let i=t.left+e[0]+o.x1,s=t.top+e[1]+o.y1,l=n;for(;l.mark.group;)l=l.mark.group,i+=l.x??0,s+=l.y??0;const c=o.x2-o.x1,r=o.y2-o.y1;return{x1:i,x2:i+c,y1:s,y2:s+r}}function g(t,e,n,o){const i=(t.x1+t.x2)/2,s=(t.y1+t.y2)/2,l=t.x1-e.width-n,c=i-e.width/2,r=t.x2+n,d=t.y1-e.height-o,a=s-e.height/2,h=t.y2+o;return{top:{x:c,y:d},bottom:{x:c,y:h},left:{x:l,y:a},right:{x:r,y:a},"top-left":{x:l,y:d},"top-right":{x:r,y:d},"bottom-left":{x:l,y:h},"bottom-right":{x:r,y:h}}}function m(t,e){return t.x>=0&&t.y>=0&&t.x+e.width<=window.innerWidth&&t.y+e.height<=window.innerHeight}function $(t,e,n){return t.clientX>=e.x&&t.clientX<=e.x+n.width&&t.clientY>=e.y&&t.clientY<=e.y+n.height}class O{call;options;el;constructor(e){this.options={...w,...e};const n=this.options.id;if(this.el=null,this.call=this.tooltipHandler.bind(this),!this.options.disableDefaultStyle&&!document.getElementById(this.options.styleId)){const o=document.createElement("style");o.setAttribute("id",this.options.styleId),o.innerHTML=T(n);const i=document.head;i.childNodes.length>0?i.insertBefore(o,i.childNodes[0]):i.appendChild(o)}}tooltipHandler(e,n,o,i){if(this.el=document.getElementById(this.options.id),this.el||(this.el=document.createElement("div"),this.el.setAttribute("id",this.options.id),this.el.classList.add("vg-tooltip"),(document.fullscreenElement??document.body).appendChild(this.el)),i==null||i===""){this.el.classList.remove("visible",`${this.options.theme}-theme`);return}this.el.innerHTML=this.options.formatTooltip(i,this.options.sanitize,this.options.maxDepth,this.options.baseURL),this.el.classList.add("visible",`${this.options.theme}-theme`);const{x:s,y:l}=this.options.anchor==="mark"?I(e,n,o,this.el.getBoundingClientRect(),this.options):u(n,this.el.getBoundingClientRect(),this.options);this.el.style.top=`${l}px`,this.el.style.left=`${s}px`}}const z=H.version;function B(t,e){const n=new O(e);return t.tooltip(n.call).run(),n}export{w as DEFAULT_OPTIONS,O as Handler,u as calculatePositionRelativeToCursor,I as calculatePositionRelativeToMark,T as createDefaultStyle,B as default,k as escapeHTML,b as formatValue,L as getMarkBounds,g as getPositions,$ as mouseIsOnTooltip,y as replacer,f as stringify,m as tooltipIsInViewport,z as version};
